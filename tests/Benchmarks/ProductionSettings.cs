using Pvi.TestSupport;

namespace Pvi.Benchmarks;

/// <summary>
/// Every measured process runs in the Production environment, as deployed (no developer
/// exception page, no scope validation of the service container, no development token
/// endpoint), checking tokens from the test identity provider through its key set, as deployed.
/// </summary>
public static class ProductionSettings
{
    public static IReadOnlyDictionary<string, string> EnvironmentVariables =>
        new Dictionary<string, string>(TestIdentity.EnvironmentVariables) { ["ASPNETCORE_ENVIRONMENT"] = "Production" };

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
