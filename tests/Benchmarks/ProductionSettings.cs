using Pvi.ServiceDefaults.Authentication;

namespace Pvi.Benchmarks;

/// <summary>
/// Every measured process runs in the Production environment, as deployed (no developer
/// exception page, no scope validation of the service container, no development token
/// endpoint), with the signing key of the tokens this program mints given explicitly.
/// </summary>
public static class ProductionSettings
{
    public static IReadOnlyDictionary<string, string> EnvironmentVariables { get; } = new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Authentication__Jwt__SigningKey"] = JwtSettings.DevelopmentSigningKey,
    };

    /// <summary>The settings given with these added.</summary>
    public static Dictionary<string, string> With(IReadOnlyDictionary<string, string> settings)
    {
        var all = new Dictionary<string, string>(settings);
        foreach (var (key, value) in EnvironmentVariables)
        {
            all[key] = value;
        }

        return all;
    }
}
