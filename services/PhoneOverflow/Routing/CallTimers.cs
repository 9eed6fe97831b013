using Pvi.PhoneOverflow.Infrastructure;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Hosting;

namespace Pvi.PhoneOverflow.Routing;

/// <summary>
/// The switchboard's clock, on the injected clock: ring timeouts the platform did not report,
/// voicemail after the longest wait, queued calls to whoever is free.
/// </summary>
public sealed class CallTimers(
    IServiceScopeFactory scopes, DatabaseInitialization<OverflowDbContext> database, OverflowOptions options, TimeProvider time, ILogger<CallTimers> logger)
    : ClockedWork<OverflowDbContext>(scopes, database, time, logger)
{
    protected override TimeSpan Interval => options.TimerInterval;

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<Switchboard>().SweepAsync(cancellationToken);
}
