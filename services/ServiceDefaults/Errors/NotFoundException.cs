using Grpc.Core;

namespace Pvi.ServiceDefaults.Errors;

/// <summary>The resource does not exist, or the caller may not know that it does (NOT_FOUND).</summary>
public sealed class NotFoundException(string reason, string message) : DomainException(reason, message)
{
    public override StatusCode StatusCode => StatusCode.NotFound;
}
