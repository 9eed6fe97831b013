using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Pvi.Identity.Infrastructure;
using Pvi.Identity.Keys;
using Pvi.TestSupport;

namespace Pvi.Identity.Tests;

/// <summary>
/// The suite's identity provider (its real Program and appsettings) on a real loopback socket, on
/// its own SQLite store, with a fake clock for key rollover; the tokens' own times stay on the
/// wall clock, as the services that check them run on it.
/// </summary>
public sealed class ProviderUnderTest : IAsyncDisposable
{
    public const string ServiceSecret = "provider-under-test-secret";

    private readonly ProgramOnKestrel<Program> _program;

    private ProviderUnderTest(ProgramOnKestrel<Program> program, Uri authority, FakeTimeProvider time)
    {
        _program = program;
        Authority = authority;
        Time = time;
    }

    public Uri Authority { get; }

    public FakeTimeProvider Time { get; }

    public TokenSource Tokens => new(() => Authority);

    public static async Task<ProviderUnderTest> StartAsync(string environment = "Development", IReadOnlyDictionary<string, string?>? settings = null, int? port = null)
    {
        var authority = new Uri($"http://127.0.0.1:{port ?? FreePort.Next()}/");
        var all = new Dictionary<string, string?>
        {
            ["Endpoints:Http"] = authority.ToString().TrimEnd('/'),
            ["Database:DataFolder"] = Directory.CreateTempSubdirectory("pvi-identity-").FullName,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Identity:Clients:complaint-pilot:Secret"] = ServiceSecret,
            ["Identity:Clients:ndv-matching:Secret"] = ServiceSecret,
            ["Identity:Clients:pvi-console:Kind"] = "Web",
            ["Identity:Clients:pvi-console:Secret"] = ServiceSecret,
            ["Identity:Clients:pvi-console:RedirectUris:0"] = "http://127.0.0.1:5999/signin-oidc",
            ["Identity:Clients:pvi-console:PostLogoutRedirectUris:0"] = "http://127.0.0.1:5999/signout-callback-oidc",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var program = ProgramOnKestrel<Program>.Start(all, environment, services => services.AddSingleton<TimeProvider>(time), trustTestIdentity: false);
        using var http = new HttpClient();
        await Eventually.UntilAsync(
            async () => (await http.GetAsync(new Uri(authority, "health/ready"))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60), () => "the identity provider is ready");
        return new ProviderUnderTest(program, authority, time);
    }

    /// <summary>Looks whether a key is due to be added or removed, as the provider's clock does.</summary>
    public async Task RotateAsync()
    {
        await using var scope = _program.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SigningKeyRing>().RotateAsync(scope.ServiceProvider.GetRequiredService<IdentityDbContext>(), CancellationToken.None);
    }

    /// <summary>The key ids discovery's key set publishes now.</summary>
    public async Task<List<string>> PublishedKeysAsync()
    {
        using var http = new HttpClient();
        var keys = await http.GetFromJsonAsync<JsonElement>(new Uri(Authority, ".well-known/jwks"));
        return keys.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).ToList();
    }

    public static string KeyOf(string token) => new JsonWebToken(token).Kid;

    public ValueTask DisposeAsync() => _program.DisposeAsync();
}
