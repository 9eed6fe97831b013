using System.Buffers.Text;
using System.Text;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.ServiceDefaults.Data;

/// <summary>
/// AIP-158 pagination by key: the page token is an opaque encoding of the last key returned,
/// so pages stay stable while rows are added and a token cannot be used to skip filters.
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    private const string Prefix = "k1:";

    public static int EffectivePageSize(int requested) => requested <= 0 ? DefaultPageSize : Math.Min(requested, MaxPageSize);

    public static string NextPageToken(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + lastKey));

    /// <summary>The key after which the page starts, or null for the first page; a bad token is a field violation.</summary>
    public static string? AfterKey(string pageToken, FieldViolations violations, string field = "page_token")
    {
        if (string.IsNullOrEmpty(pageToken))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(pageToken));
            if (text.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return text[Prefix.Length..];
            }
        }
        catch (FormatException)
        {
        }

        violations.Add(field, "is not a page token this service issued");
        return null;
    }
}
