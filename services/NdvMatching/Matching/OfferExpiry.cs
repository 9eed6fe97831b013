using Pvi.NdvMatching.Infrastructure;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Hosting;

namespace Pvi.NdvMatching.Matching;

/// <summary>Expires unanswered offers and moves their requests on, by itself, on the injected clock.</summary>
public sealed class OfferExpiry(
    IServiceScopeFactory scopes, DatabaseInitialization<NdvDbContext> database, NdvOptions options, TimeProvider time, ILogger<OfferExpiry> logger)
    : ClockedWork<NdvDbContext>(scopes, database, time, logger)
{
    protected override TimeSpan Interval => options.ExpirySweepInterval;

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<ExpertiseMatcher>().ExpireDueOffersAsync(cancellationToken);
}
