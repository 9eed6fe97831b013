using Grpc.Core;

namespace Pvi.ServiceDefaults.Errors;

/// <summary>A reused request_id or key with other content (ALREADY_EXISTS).</summary>
public sealed class AlreadyExistsException(string reason, string message) : DomainException(reason, message)
{
    public override StatusCode StatusCode => StatusCode.AlreadyExists;
}
