using Grpc.Core;

namespace Pvi.ServiceDefaults.Errors;

/// <summary>The state of the resource forbids the operation (FAILED_PRECONDITION).</summary>
public sealed class PreconditionFailedException(string reason, string message) : DomainException(reason, message)
{
    public override StatusCode StatusCode => StatusCode.FailedPrecondition;
}
