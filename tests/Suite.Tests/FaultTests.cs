using Grpc.Core;
using Pvi.Overflow.V1;
using Pvi.TestSupport;

namespace Pvi.Suite.Tests;

/// <summary>
/// Faults under load on the local run: each service killed with kill -9 while all four take a
/// steady stream of mixed calls through the gateway, then started again as it ran.
/// </summary>
[Collection(LocalRunCollection.Name)]
public sealed class FaultTests(LocalSuiteFixture suite, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<LocalSuiteFixture>
{
    /// <summary>The services of the local run: project, HTTP port (health), gRPC port.</summary>
    private static readonly (string Project, int Http, int Grpc)[] Services =
    [
        ("NdvMatching", 5101, 5102), ("PhoneOverflow", 5201, 5202), ("ComplaintPilot", 5301, 5302), ("SocialAgenda", 5401, 5402),
    ];

    [Theory]
    [InlineData("NdvMatching")]
    [InlineData("PhoneOverflow")]
    [InlineData("ComplaintPilot")]
    [InlineData("SocialAgenda")]
    public async Task Killed_under_mixed_load_every_acknowledged_write_is_there_and_every_event_applied_once(string project)
    {
        var (_, httpPort, grpcPort) = Services.Single(s => s.Project == project);
        await SuiteDatabases.WaitUntilEventsDeliveredAsync(suite.DataFolder);
        using var http = new HttpClient { BaseAddress = LocalSuite.GatewayHttp };
        var load = await MixedLoad.PrepareAsync(http, $"kill-{project}", suite.DataFolder);
        var killed = load.For(project);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);

        // kill -9 while every service takes writes, and the service started again as it ran.
        await Eventually.UntilAsync(() => load.Workloads.All(w => w.Acknowledged >= 20), TimeSpan.FromSeconds(60), () => "the load is running on every service");
        var service = RunningService.Find(project, grpcPort);
        await service.KillAsync();
        var beforeRestart = killed.Acknowledged;
        var restarted = suite.Adopt(service.StartAgain());
        await restarted.WaitUntilOkAsync(new Uri($"http://localhost:{httpPort}/health/ready"), TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(() => killed.Acknowledged >= beforeRestart + 20, TimeSpan.FromSeconds(60), () => $"{project} acknowledges writes again:\n{restarted.Output}");
        await stop.CancelAsync();
        await running;
        foreach (var workload in load.Workloads)
        {
            output.WriteLine($"{workload.Project}: {workload.Acknowledged} calls acknowledged; refused: {string.Join(", ", workload.Refusals.Select(r => $"{r.Value} {r.Key}"))}");
        }

        // The gateway kept serving the other three: none of their calls was refused.
        Assert.NotEmpty(killed.Refusals);
        Assert.All(load.Workloads.Where(w => w != killed), w => Assert.Empty(w.Refusals));

        // Every acknowledged write is there, once ...
        foreach (var workload in load.Workloads)
        {
            await workload.VerifyAsync(SuiteStore.Sqlite(suite.DataFolder));
        }

        // ... and once every outbox has delivered, every event is applied once: the roster has the
        // members' last names, each member-answered call is one call-time record in NDV.
        await SuiteDatabases.WaitUntilEventsDeliveredAsync(suite.DataFolder);
        await SuiteDatabases.AssertEveryEventHandledOnceAsync(suite.DataFolder);
        await load.VerifyEffectsAsync(http, SuiteStore.Sqlite(suite.DataFolder));
    }
}
