using Grpc.Core;

namespace Pvi.ServiceDefaults.Errors;

/// <summary>The caller is known but may not do this (PERMISSION_DENIED).</summary>
public sealed class PermissionDeniedException(string reason, string message) : DomainException(reason, message)
{
    public override StatusCode StatusCode => StatusCode.PermissionDenied;
}
