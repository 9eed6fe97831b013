using Grpc.Core;

namespace Pvi.ServiceDefaults.Errors;

/// <summary>Another change to the same resource won the race; the caller may try again (ABORTED).</summary>
public sealed class ConcurrentChangeException(string message) : DomainException("CONCURRENT_CHANGE", message)
{
    public override StatusCode StatusCode => StatusCode.Aborted;
}
