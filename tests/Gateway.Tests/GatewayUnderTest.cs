using Pvi.TestSupport;

namespace Pvi.Gateway.Tests;

/// <summary>
/// The real gateway (its Program and appsettings.json) on real loopback sockets, with one more
/// route, to the echo service of <paramref name="backend"/>, allowed for the employee role.
/// </summary>
public sealed class GatewayUnderTest : IAsyncDisposable
{
    private readonly ProgramOnKestrel<Program> _program;

    private GatewayUnderTest(ProgramOnKestrel<Program> program) => _program = program;

    public Uri Http => _program.Http;

    public Uri Grpc => _program.Grpc;

    public static GatewayUnderTest Start(TestHost backend, string environment = "Development", IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = EchoRoutes.Settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        all["ReverseProxy:Clusters:echo:Destinations:local:Address"] = backend.Grpc.ToString();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new GatewayUnderTest(ProgramOnKestrel<Program>.Start(all, environment));
    }

    public HttpClient HttpClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Http };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    public ValueTask DisposeAsync() => _program.DisposeAsync();
}
