using System.Diagnostics;
using System.Net;
using Grpc.Core;
using Npgsql;
using Pvi.Ndv.V1;
using Pvi.ServiceDefaults.Authentication;
using Pvi.TestSupport;

namespace Pvi.Suite.Tests;

/// <summary>
/// PostgreSQL stopped and started again under a steady stream of writes: the service says it is
/// not ready, refuses writes cleanly with UNAVAILABLE, recovers by itself, and loses nothing it
/// acknowledged. The server is a throwaway of its own (.ci/postgres.sh), not the shared one.
/// </summary>
public sealed class DatabaseOutageTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string[] Members = ["ndv-0003", "ndv-0005"];

    [Fact]
    public async Task With_PostgreSQL_stopped_under_load_writes_are_refused_as_UNAVAILABLE_and_nothing_acknowledged_is_lost()
    {
        await using var server = await OwnPostgres.StartAsync();
        var connection = await server.CreateDatabaseAsync("ndv_outage");
        var (http, grpc) = (FreePort.Next(), FreePort.Next());
        await using var ndv = ServiceProcess.StartService("NdvMatching", http, grpc, new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__ndv"] = connection,
            ["Events__Subscribers__phone-overflow"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Events__Subscribers__complaint-pilot"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        var ready = new Uri($"http://127.0.0.1:{http}/health/ready");
        await ndv.WaitUntilOkAsync(ready, TimeSpan.FromSeconds(60));

        using var channel = Channels.Grpc(new Uri($"http://127.0.0.1:{grpc}"), TestTokens.For(new SuiteUser { Id = "load", Name = "load", Roles = [Roles.NdvNationalCoordinator], Unit = "PDC" }));
        var client = new NdvMatchingService.NdvMatchingServiceClient(channel);
        var refusals = new System.Collections.Concurrent.ConcurrentDictionary<StatusCode, int>();
        var acknowledged = 0;
        using var stop = new CancellationTokenSource();
        var writers = Members.Select(member => Task.Run(async () =>
        {
            var last = -1;
            for (var n = 0; !stop.IsCancellationRequested || last < n - 1; n++)
            {
                try
                {
                    await client.UpdateMemberAsync(new UpdateMemberRequest { Member = new Member { Id = member, Name = $"Outage {member} {n}" }, UpdateMask = new() { Paths = { "name" } } }, deadline: DateTime.UtcNow.AddSeconds(10));
                    last = n;
                    Interlocked.Increment(ref acknowledged);
                }
                catch (RpcException e)
                {
                    refusals.AddOrUpdate(e.StatusCode, 1, (_, count) => count + 1);
                    await Task.Delay(TimeSpan.FromMilliseconds(50));
                }
            }

            return (member, last);
        })).ToList();

        await Eventually.UntilAsync(() => Volatile.Read(ref acknowledged) >= 40, TimeSpan.FromSeconds(30), () => "the writes are flowing");
        await server.StopAsync();
        using var probe = new HttpClient();
        await Eventually.UntilAsync(async () => (await probe.GetAsync(ready)).StatusCode == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), () => "not ready while the database is down");
        Assert.True((await probe.GetAsync(new Uri($"http://127.0.0.1:{http}/health/live"))).IsSuccessStatusCode, "still live");
        await Eventually.UntilAsync(() => refusals.ContainsKey(StatusCode.Unavailable), TimeSpan.FromSeconds(30), () => "writes refused while the database is down");

        await server.StartAgainAsync();
        var recovered = Stopwatch.StartNew();
        await Eventually.UntilAsync(async () => (await probe.GetAsync(ready)).IsSuccessStatusCode, TimeSpan.FromSeconds(60), () => "ready again by itself");
        var afterRecovery = Volatile.Read(ref acknowledged);
        await Eventually.UntilAsync(() => Volatile.Read(ref acknowledged) > afterRecovery + 20, TimeSpan.FromSeconds(30), () => "writes acknowledged again");
        await stop.CancelAsync();
        var finals = await Task.WhenAll(writers);
        output.WriteLine($"{acknowledged} writes acknowledged; refused: {string.Join(", ", refusals.Select(r => $"{r.Key} {r.Value}"))}; ready again {recovered.Elapsed.TotalSeconds:F1} s after the restart");

        Assert.Equal([StatusCode.Unavailable], refusals.Keys);
        foreach (var (member, last) in finals)
        {
            Assert.Equal($"Outage {member} {last}", (await client.GetMemberAsync(new GetMemberRequest { MemberId = member })).Name);
        }
    }

    /// <summary>A PostgreSQL server of this test alone, started, stopped and started again with pg_ctl (.ci/postgres.sh).</summary>
    private sealed class OwnPostgres : IAsyncDisposable
    {
        private readonly string _folder;
        private readonly string _bin;
        private readonly string _connection;
        private readonly int _port;

        private OwnPostgres(string connection, string folder, string bin)
        {
            _connection = connection;
            _folder = folder;
            _bin = bin;
            _port = new NpgsqlConnectionStringBuilder(connection).Port;
        }

        public static async Task<OwnPostgres> StartAsync()
        {
            var lines = (await BashAsync($"source '{Repository.PathOf(".ci", "postgres.sh")}' && pvi_postgres_start >/dev/null && printf '%s\\n%s\\n%s\\n' \"$PVI_TEST_POSTGRES\" \"$PVI_PG_DIR\" \"$PVI_PG_BIN\"")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return new OwnPostgres(lines[0], lines[1], lines[2]);
        }

        public async Task<string> CreateDatabaseAsync(string name)
        {
            await using var connection = new NpgsqlConnection(_connection);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
            return new NpgsqlConnectionStringBuilder(_connection) { Database = name }.ConnectionString;
        }

        public Task StopAsync() => BashAsync($"runuser -u postgres -- '{_bin}/pg_ctl' -D '{_folder}/data' -m fast -w stop");

        public Task StartAgainAsync() => BashAsync(
            $"runuser -u postgres -- '{_bin}/pg_ctl' -D '{_folder}/data' -w -l '{_folder}/server.log' -o \"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c max_connections=200\" start");

        public async ValueTask DisposeAsync() =>
            await BashAsync($"PVI_PG_DIR='{_folder}' PVI_PG_BIN='{_bin}'; source '{Repository.PathOf(".ci", "postgres.sh")}' && pvi_postgres_stop");

        private static async Task<string> BashAsync(string script)
        {
            using var bash = Process.Start(new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var stdout = bash.StandardOutput.ReadToEndAsync();
            var stderr = bash.StandardError.ReadToEndAsync();
            await bash.WaitForExitAsync();
            return bash.ExitCode == 0 ? await stdout : throw new InvalidOperationException($"`{script}` failed ({bash.ExitCode}): {await stderr}");
        }
    }
}
