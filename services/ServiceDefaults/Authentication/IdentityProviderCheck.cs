using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Pvi.ServiceDefaults.Authentication;

/// <summary>
/// Ready only once the identity provider's discovery document and key set have been fetched: a
/// process started while the provider is down runs, says it is not ready, and accepts tokens as
/// soon as the provider answers again.
/// </summary>
public sealed class IdentityProviderCheck(IOptionsMonitor<JwtBearerOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var manager = options.Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager;
        if (manager is null)
        {
            return HealthCheckResult.Healthy("Tokens are checked with a shared key.");
        }

        try
        {
            var configuration = await manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            return configuration.SigningKeys.Count > 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The identity provider publishes no signing key.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The identity provider's discovery document or key set cannot be fetched.");
        }
    }
}
