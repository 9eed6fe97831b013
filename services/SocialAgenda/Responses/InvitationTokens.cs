using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Pvi.SocialAgenda.Responses;

/// <summary>
/// Invitation tokens: 128 random bits, readable as <c>pvi-</c> and 22 URL-safe characters. Only
/// their SHA-256 is stored, so the database cannot hand out a token, and a token cannot be guessed.
/// </summary>
public static class InvitationTokens
{
    private const string Prefix = "pvi-";
    private const int RandomBytes = 16;
    private static readonly int EncodedLength = Base64Url.GetEncodedLength(RandomBytes);

    public static string New() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>Whether the text has the shape of a token (not whether it was issued).</summary>
    public static bool IsWellFormed(string token) =>
        token.Length == Prefix.Length + EncodedLength
        && token.StartsWith(Prefix, StringComparison.Ordinal)
        && Base64Url.IsValid(token.AsSpan(Prefix.Length), out var decoded) && decoded == RandomBytes;

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
}
