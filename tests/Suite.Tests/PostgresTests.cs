using System.Net;
using Pvi.TestSupport;

namespace Pvi.Suite.Tests;

/// <summary>ARCHITECTURE.md "Two ways to run": each service runs on PostgreSQL by configuration only.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTests(PostgresServer postgres)
{
    public static TheoryData<string> Services => new(SuiteClients.All.Select(s => s.Project));

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Service_creates_its_schema_and_seeds_on_PostgreSQL_once_across_restarts(string project)
    {
        var service = SuiteClients.For(project);
        var connectionString = await postgres.CreateDatabaseAsync(service.Database);
        var environment = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            [$"ConnectionStrings__{service.Database}"] = connectionString,
        };

        for (var start = 1; start <= 2; start++)
        {
            var (http, grpc) = (FreePort.Next(), FreePort.Next());
            await using var process = ServiceProcess.StartService(project, http, grpc, environment);
            await process.WaitUntilOkAsync(new Uri($"http://127.0.0.1:{http}/health/ready"), TimeSpan.FromSeconds(60));

            using var channel = Channels.Grpc(new Uri($"http://127.0.0.1:{grpc}"), TestTokens.For(service.Role));
            Assert.Equal(service.SeededRows, await service.Call(channel));
        }
    }

    [Fact]
    public async Task Service_is_live_but_not_ready_while_its_database_cannot_be_reached()
    {
        var closedPort = FreePort.Next();
        var (httpPort, grpcPort) = (FreePort.Next(), FreePort.Next());
        await using var process = ServiceProcess.StartService("NdvMatching", httpPort, grpcPort, new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__ndv"] = $"Host=127.0.0.1;Port={closedPort};Database=ndv;Username=pvi;Password=unused;Timeout=2",
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };

        await process.WaitUntilOkAsync(new Uri(http.BaseAddress, "/health/live"), TimeSpan.FromSeconds(60));
        using var ready = await http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.False(process.HasExited);
    }
}

/// <summary>
/// The README's test command passes wherever PostgreSQL is installed: with no server named, the
/// fixture starts a throwaway one from the local installation and removes it at the end.
/// </summary>
public sealed class PostgresFixtureTests
{
    [Fact]
    public async Task Without_a_named_server_the_fixture_starts_a_throwaway_one_of_the_local_installation_and_removes_it()
    {
        await using var server = await LocalPostgres.StartAsync();
        var database = await server.CreateDatabaseAsync("fixture");
        await using (var connection = new Npgsql.NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var select = new Npgsql.NpgsqlCommand("SELECT current_database()", connection);
            Assert.StartsWith("fixture_", (string)(await select.ExecuteScalarAsync())!, StringComparison.Ordinal);
        }

        var folder = server.Folder;
        await server.DisposeAsync();
        Assert.False(Directory.Exists(folder), "the server's folder is removed");
        await using var gone = new Npgsql.NpgsqlConnection(database + ";Timeout=2");
        await Assert.ThrowsAnyAsync<Exception>(() => gone.OpenAsync());
    }
}
