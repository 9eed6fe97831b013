using OpenIddict.Abstractions;
using Pvi.Identity.Infrastructure;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Hosting;

namespace Pvi.Identity.Keys;

/// <summary>On the injected clock: rolls the signing keys over, and prunes tokens and authorizations that can no longer be used.</summary>
public sealed class KeyRotationClock(
    IServiceScopeFactory scopes, DatabaseInitialization<IdentityDbContext> database, ProviderSettings settings, TimeProvider clock, ILogger<KeyRotationClock> logger)
    : ClockedWork<IdentityDbContext>(scopes, database, clock, logger)
{
    protected override TimeSpan Interval => settings.Keys.CheckInterval;

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<SigningKeyRing>().RotateAsync(services.GetRequiredService<IdentityDbContext>(), cancellationToken);
        var before = services.GetRequiredService<TimeProvider>().GetUtcNow() - settings.RefreshTokenLifetime;
        await services.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(before, cancellationToken);
        await services.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(before, cancellationToken);
    }
}
