using Grpc.Core;

namespace Pvi.ServiceDefaults.Errors;

/// <summary>
/// A failure the domain expects and the caller can act on. <see cref="Reason"/> is a stable
/// UPPER_SNAKE_CASE code for <c>google.rpc.ErrorInfo.reason</c>; the message is shown to the caller,
/// so it never holds personal data.
/// </summary>
public abstract class DomainException(string reason, string message) : Exception(message)
{
    public string Reason { get; } = reason;

    public abstract StatusCode StatusCode { get; }
}
