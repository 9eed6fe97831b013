using System.Diagnostics;

namespace Pvi.TestSupport;

/// <summary>
/// The suite's own identity provider for the tests (services/Identity), as a real process started
/// on first use and stopped when the test run ends: every service and gateway the tests start
/// checks tokens through its discovery document and key set, the way production does.
/// </summary>
public static class TestIdentity
{
    /// <summary>The secret of every service client the test provider registers (the suite's four services).</summary>
    public const string ClientSecret = "pvi-test-client-secret";

    private static readonly Lazy<Uri> Provider = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Uri Authority => Provider.Value;

    /// <summary>The tokens of this provider (the development grant).</summary>
    public static TokenSource Tokens { get; } = new(() => Authority);

    /// <summary>What a process of the suite needs to trust the test provider and get its own token from it, as configuration keys.</summary>
    public static IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Authentication:Jwt:Authority"] = Authority.ToString(),
        ["Authentication:Jwt:MetadataRetryInterval"] = "00:00:01",
        ["Authentication:ServiceClient:ClientSecret"] = ClientSecret,
    };

    /// <summary>The settings, and unless they choose their own authentication, those of the test identity provider.</summary>
    public static IReadOnlyDictionary<string, string?> With(IReadOnlyDictionary<string, string?> settings)
    {
        if (settings.Keys.Any(key => key.StartsWith("Authentication:Jwt:", StringComparison.Ordinal) && key != "Authentication:Jwt:MetadataRetryInterval"))
        {
            return settings;
        }

        var all = TestIdentity.Settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }

    /// <summary><see cref="Settings"/> as environment variables.</summary>
    public static IReadOnlyDictionary<string, string> EnvironmentVariables =>
        Settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);

    /// <summary>The provider's own settings as environment variables: its port, store and clients.</summary>
    public static Dictionary<string, string> ProviderEnvironment(int port, string dataFolder)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Endpoints__Http"] = $"http://127.0.0.1:{port}",
            ["Database__DataFolder"] = dataFolder,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var client in new[] { "ndv-matching", "phone-overflow", "complaint-pilot", "social-agenda" })
        {
            environment[$"Identity__Clients__{client}__Secret"] = ClientSecret;
        }

        return environment;
    }

    private static Uri Start()
    {
        // A process the tests started with the provider's settings (a benchmark's own server) uses
        // that provider: a second one would pick its port while the parent's ports are not all bound yet.
        if (Environment.GetEnvironmentVariable("Authentication__Jwt__Authority") is { Length: > 0 } inherited)
        {
            return new Uri(inherited);
        }

        var port = FreePort.Next();
        var folder = Directory.CreateTempSubdirectory("pvi-test-identity-");
        var process = ServiceProcess.StartDotnet(
            $"\"{Repository.ServiceAssembly("Identity")}\"", Repository.PathOf("services", "Identity"), ProviderEnvironment(port, folder.FullName));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            process.Kill();
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // The temporary folder is the system's to clean.
            }
        };

        var authority = new Uri($"http://127.0.0.1:{port}/");
        var started = Stopwatch.StartNew();
        process.WaitUntilOkAsync(new Uri(authority, "health/ready"), TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        Trace.WriteLine($"Test identity provider ready on {authority} after {started.Elapsed.TotalSeconds:F1} s");
        return authority;
    }
}
