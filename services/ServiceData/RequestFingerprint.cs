using System.Security.Cryptography;
using Google.Protobuf;

namespace Pvi.ServiceData;

/// <summary>
/// The hash of a create request, stored with what it created: a retry with the same
/// <c>request_id</c> and the same content gets the same answer; other content is ALREADY_EXISTS.
/// </summary>
public static class RequestFingerprint
{
    public static string Of(IMessage request) => Convert.ToHexString(SHA256.HashData(request.ToByteArray()));
}
