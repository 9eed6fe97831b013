using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pvi.ServiceDefaults.Authentication;

namespace Pvi.TestSupport;

/// <summary>
/// A domain service's real Program (appsettings, migrations, seeds) on real loopback sockets, on
/// SQLite or PostgreSQL, with a fake clock in place of the system's; ready when it returns.
/// </summary>
public sealed class ServiceUnderTest<TProgram> : IAsyncDisposable where TProgram : class
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    private readonly ProgramOnKestrel<TProgram> _program;
    private readonly List<GrpcChannel> _channels = [];

    private ServiceUnderTest(ProgramOnKestrel<TProgram> program, FakeTimeProvider time)
    {
        _program = program;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public Uri Http => _program.Http;

    public Uri Grpc => _program.Grpc;

    /// <param name="database">The service's connection string name (ndv, overflow, ...).</param>
    /// <param name="services">Registrations added to the program's (a test's interceptor, say).</param>
    /// <param name="reuseDatabase">The settings name an existing database (another replica's): no new one is made.</param>
    public static async Task<ServiceUnderTest<TProgram>> StartAsync(
        string database, string provider, PostgresServer? postgres, DateTimeOffset start, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null, bool reuseDatabase = false)
    {
        var all = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (!reuseDatabase && provider == Postgres)
        {
            all[$"ConnectionStrings:{database}"] = await (postgres ?? throw new ArgumentNullException(nameof(postgres))).CreateDatabaseAsync(database);
        }
        else if (!reuseDatabase)
        {
            all["Database:DataFolder"] = Directory.CreateTempSubdirectory($"pvi-{database}-").FullName;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var time = new FakeTimeProvider(start);
        var service = new ServiceUnderTest<TProgram>(ProgramOnKestrel<TProgram>.Start(all, services: s =>
        {
            s.AddSingleton<TimeProvider>(time);
            services?.Invoke(s);
        }), time);
        using var http = new HttpClient();
        await Eventually.UntilAsync(
            async () => (await http.GetAsync(new Uri(service.Http, "/health/ready"))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60), () => $"{typeof(TProgram).Assembly.GetName().Name} is ready");
        return service;
    }

    /// <summary>A gRPC channel with the user's token, closed with the service.</summary>
    public GrpcChannel Channel(SuiteUser user)
    {
        var channel = Channels.Grpc(Grpc, TestTokens.For(user));
        _channels.Add(channel);
        return channel;
    }

    public AsyncServiceScope Scope() => _program.Services.CreateAsyncScope();

    /// <summary>Reads the service's own database through its DbContext.</summary>
    public async Task<T> DbAsync<TContext, T>(Func<TContext, Task<T>> query) where TContext : notnull
    {
        await using var scope = Scope();
        return await query(scope.ServiceProvider.GetRequiredService<TContext>());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        await _program.DisposeAsync();
    }
}
