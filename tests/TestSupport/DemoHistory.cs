namespace Pvi.TestSupport;

/// <summary>
/// The demo history the embedded default loads (weeks of requests and calls) is for people
/// looking at a fresh suite; a test states the data it counts on, so the services a test starts
/// leave it out unless the test asks for it. The suite started the way the README says keeps it.
/// </summary>
public static class DemoHistory
{
    public static readonly IReadOnlyList<string> Settings = ["Ndv:SeedDemoHistory", "Overflow:SeedDemoHistory"];

    /// <summary>The settings, with the demo history off unless they say otherwise.</summary>
    public static IReadOnlyDictionary<string, string?> Off(IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(settings);
        foreach (var key in Settings)
        {
            all.TryAdd(key, "false");
        }

        return all;
    }

    /// <summary>The environment variables, with the demo history off unless they say otherwise.</summary>
    public static void OffInEnvironment(Dictionary<string, string> environment)
    {
        foreach (var key in Settings)
        {
            environment.TryAdd(key.Replace(":", "__", StringComparison.Ordinal), "false");
        }
    }
}
