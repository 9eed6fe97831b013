using Pvi.PhoneOverflow.Model;
using Pvi.ServiceData;

namespace Pvi.PhoneOverflow.Routing;

/// <summary>Wakes the live streams of the RSCs whose forwarded calls were committed.</summary>
public sealed class ForwardSignalInterceptor(ForwardSignal signal) : AfterCommitInterceptor<ForwardedCall>
{
    protected override void Committed(IReadOnlyList<ForwardedCall> added)
    {
        foreach (var rsc in added.Select(call => call.Rsc).Distinct(StringComparer.Ordinal))
        {
            signal.Pulse(rsc);
        }
    }
}
