using Google.Protobuf.Reflection;

namespace Pvi.ServiceDefaults.Clients;

/// <summary>
/// The methods of a gRPC service that may be retried: those whose proto declares
/// <c>option idempotency_level = IDEMPOTENT</c> or <c>NO_SIDE_EFFECTS</c> (creates carrying a
/// <c>request_id</c> are declared IDEMPOTENT).
/// </summary>
public sealed class IdempotentMethods
{
    private readonly HashSet<string> _paths;

    public IdempotentMethods(ServiceDescriptor service)
    {
        _paths = service.Methods
            .Where(method => method.GetOptions()?.IdempotencyLevel is MethodOptions.Types.IdempotencyLevel.Idempotent
                or MethodOptions.Types.IdempotencyLevel.NoSideEffects)
            .Select(method => $"/{service.FullName}/{method.Name}")
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <param name="fullName">The method's path, <c>/package.Service/Method</c>.</param>
    public bool Contains(string fullName) => _paths.Contains(fullName);
}
