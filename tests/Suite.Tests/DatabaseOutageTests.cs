using System.Diagnostics;
using System.Net;
using Grpc.Core;
using Npgsql;
using Pvi.ServiceDefaults.Authentication;
using Pvi.TestSupport;

namespace Pvi.Suite.Tests;

/// <summary>
/// PostgreSQL stopped and started again under a steady stream of a service's calls (the mixed
/// load of the fault tests, direct to the service): the service says it is not ready, refuses
/// cleanly with UNAVAILABLE, recovers by itself, and loses nothing it acknowledged. The server is
/// a throwaway of its own from the local installation (<see cref="LocalPostgres"/>), not the shared one.
/// </summary>
public sealed class DatabaseOutageTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Theory]
    [InlineData("NdvMatching", "ndv")]
    [InlineData("PhoneOverflow", "overflow")]
    [InlineData("ComplaintPilot", "complaints")]
    [InlineData("SocialAgenda", "survey")]
    public async Task With_PostgreSQL_stopped_under_load_calls_are_refused_as_UNAVAILABLE_and_nothing_acknowledged_is_lost(string project, string database)
    {
        await using var server = await LocalPostgres.StartAsync();
        var connection = await server.CreateDatabaseAsync($"{database}_outage");
        var (http, grpc) = (FreePort.Next(), FreePort.Next());
        await using var service = ServiceProcess.StartService(project, http, grpc, new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            [$"ConnectionStrings__{database}"] = connection,
            // Only this service runs: its events wait in the outbox, its calls to NDV find nobody.
            ["Events__Subscribers__phone-overflow"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Events__Subscribers__complaint-pilot"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Events__Subscribers__ndv-matching"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Services__ndv__Grpc"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        var ready = new Uri($"http://127.0.0.1:{http}/health/ready");
        await service.WaitUntilOkAsync(ready, TimeSpan.FromSeconds(60));

        var address = new Uri($"http://127.0.0.1:{grpc}");
        var load = await MixedLoad.PrepareAsync([project], user => Task.FromResult(Channels.Grpc(address, TestTokens.For(DemoUsers.Get(user)))), "outage", SuiteStore.Postgres(new Dictionary<string, string> { [database] = connection }));
        var workload = load.For(project);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);

        await Eventually.UntilAsync(() => workload.Acknowledged >= 40, TimeSpan.FromSeconds(30), () => "the calls are flowing");
        await server.StopAsync();
        using var probe = new HttpClient();
        await Eventually.UntilAsync(async () => (await probe.GetAsync(ready)).StatusCode == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), () => "not ready while the database is down");
        Assert.True((await probe.GetAsync(new Uri($"http://127.0.0.1:{http}/health/live"))).IsSuccessStatusCode, "still live");
        await Eventually.UntilAsync(() => workload.Refusals.ContainsKey(StatusCode.Unavailable), TimeSpan.FromSeconds(30), () => "calls refused while the database is down");

        await server.StartAgainAsync();
        var recovered = Stopwatch.StartNew();
        await Eventually.UntilAsync(async () => (await probe.GetAsync(ready)).IsSuccessStatusCode, TimeSpan.FromSeconds(60), () => "ready again by itself");
        var readyAfter = recovered.Elapsed;
        var afterRecovery = workload.Acknowledged;
        await Eventually.UntilAsync(() => workload.Acknowledged > afterRecovery + 20, TimeSpan.FromSeconds(30), () => $"calls acknowledged again:\n{service.Output}");
        await stop.CancelAsync();
        await running;
        output.WriteLine($"{project}: {workload.Acknowledged} calls acknowledged; refused: {string.Join(", ", workload.Refusals.Select(r => $"{r.Value} {r.Key}"))}; ready again {readyAfter.TotalSeconds:F1} s after the restart");

        Assert.Equal([StatusCode.Unavailable], workload.Refusals.Keys);
        await workload.VerifyAsync(SuiteStore.Postgres(new Dictionary<string, string> { [database] = connection }));
    }
}
