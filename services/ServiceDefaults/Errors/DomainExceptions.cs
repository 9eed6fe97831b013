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

/// <summary>The state of the resource forbids the operation (FAILED_PRECONDITION).</summary>
public sealed class PreconditionFailedException(string reason, string message) : DomainException(reason, message)
{
    public override StatusCode StatusCode => StatusCode.FailedPrecondition;
}

/// <summary>The resource does not exist, or the caller may not know that it does (NOT_FOUND).</summary>
public sealed class NotFoundException(string reason, string message) : DomainException(reason, message)
{
    public override StatusCode StatusCode => StatusCode.NotFound;
}

/// <summary>The caller is known but may not do this (PERMISSION_DENIED).</summary>
public sealed class PermissionDeniedException(string reason, string message) : DomainException(reason, message)
{
    public override StatusCode StatusCode => StatusCode.PermissionDenied;
}

/// <summary>A reused request_id or key with other content (ALREADY_EXISTS).</summary>
public sealed class AlreadyExistsException(string reason, string message) : DomainException(reason, message)
{
    public override StatusCode StatusCode => StatusCode.AlreadyExists;
}

/// <summary>Another change to the same resource won the race; the caller may try again (ABORTED).</summary>
public sealed class ConcurrentChangeException(string message) : DomainException("CONCURRENT_CHANGE", message)
{
    public override StatusCode StatusCode => StatusCode.Aborted;
}
