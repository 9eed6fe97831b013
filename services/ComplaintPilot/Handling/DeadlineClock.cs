using Pvi.ComplaintPilot.Infrastructure;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Hosting;

namespace Pvi.ComplaintPilot.Handling;

/// <summary>Runs <see cref="DeadlineWatch"/> and <see cref="ComplainantErasure"/> by themselves on the injected clock.</summary>
public sealed class DeadlineClock(
    IServiceScopeFactory scopes, DatabaseInitialization<ComplaintsDbContext> database, ComplaintOptions options, TimeProvider time, ILogger<DeadlineClock> logger)
    : ClockedWork<ComplaintsDbContext>(scopes, database, time, logger)
{
    protected override TimeSpan Interval => options.DeadlineCheckInterval;

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<DeadlineWatch>().RunAsync(cancellationToken);
        await services.GetRequiredService<ComplainantErasure>().RunAsync(cancellationToken);
    }
}
