using Pvi.ComplaintPilot.Infrastructure;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Hosting;

namespace Pvi.ComplaintPilot.Handling;

/// <summary>Asks for pending NDV representatives by itself on the injected clock.</summary>
public sealed class RepresentativeClock(
    IServiceScopeFactory scopes, DatabaseInitialization<ComplaintsDbContext> database, ComplaintOptions options, TimeProvider time, ILogger<RepresentativeClock> logger)
    : ClockedWork<ComplaintsDbContext>(scopes, database, time, logger)
{
    protected override TimeSpan Interval => options.NdvRetryInterval;

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<NdvRepresentatives>().RequestPendingAsync(cancellationToken);
}
