extern alias complaints;

using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using complaints::Pvi.Complaints.V1;
using Pvi.Ndv.V1;
using Pvi.Overflow.V1;
using Pvi.ServiceDefaults.Authentication;
using Pvi.Survey.V1;

namespace Pvi.Benchmarks;

/// <summary>
/// Load held on the whole suite (real processes, wired as the app host wires them): each
/// service's main RPC through the gateway at a fixed rate of half its saturation for the run's
/// duration, with latency, error rate and resident memory before and after; then each service
/// saturated in turn while the gateway's health and a read of every other service are called at a
/// fixed rate, against the same calls on the idle suite.
/// </summary>
public static class SoakBenchmark
{
    private const int InFlight = 64;
    private const int ProbeRate = 20;

    public static async Task RunAsync(TimeSpan hold)
    {
        Machine.PinLoadGenerator();
        await using var suite = await SuiteProcesses.StartAsync();
        foreach (var id in suite.ProcessIds.Values)
        {
            Machine.PinServer(id);
        }

        Console.WriteLine($"Soak, {hold.TotalSeconds:F0} s per main RPC; {Machine.Describe()}; the suite ready in {suite.StartUp.TotalSeconds:F1} s");
        Console.WriteLine();
        Console.WriteLine("Each main RPC through the gateway at a fixed rate of half its saturation (latency from each call's scheduled start):");
        Console.WriteLine();
        Console.WriteLine("| service | RPC | saturation calls/s | held calls/s | calls | p50 ms | p99 ms | p99.9 ms | errors | error rate | service MB before / after |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        var calls = new Dictionary<MainRpc, Func<long, Task>>();
        foreach (var rpc in MainRpc.All.Skip(1))
        {
            var call = await rpc.PrepareAsync(suite.ServiceGrpc[rpc.Cluster], suite.GatewayGrpc, "soak");
            calls[rpc] = call;
            long n = 0;
            await Load.WarmUpAsync(InFlight, PerfBenchmark.WarmUpWindow(hold), WarmUpLimit(hold) / 2, WarmUpLimit(hold), () => call(Interlocked.Increment(ref n)));
            var saturation = await Load.ClosedLoopAsync(InFlight, TimeSpan.FromSeconds(5), (_, _) => call(Interlocked.Increment(ref n)));
            var process = suite.ProcessIds[Project(rpc)];
            var before = Machine.ResidentMegabytes(process);
            var held = await Load.FixedRateAsync(Math.Max(1, saturation.PerSecond / 2), hold, _ => call(Interlocked.Increment(ref n)));
            var after = Machine.ResidentMegabytes(process);
            Console.WriteLine(
                $"| {rpc.Service} | {rpc.Rpc} | {saturation.PerSecond:F0} | {held.PerSecond:F0} | {held.Answered} | {held.Milliseconds(50):F2} | {held.Milliseconds(99):F2} | {held.Milliseconds(99.9):F2} | " +
                $"{held.ErrorText} | {held.ErrorRate:P2} | {before:F0} / {after:F0} |");
        }

        Console.WriteLine();
        Console.WriteLine($"One service saturated through the gateway ({InFlight} calls in flight), the others and the gateway's health called at {ProbeRate}/s each meanwhile:");
        Console.WriteLine();
        Console.WriteLine("| saturated | its calls/s | probe | p50 ms | p99 ms | errors |");
        Console.WriteLine("|---|---|---|---|---|---|");
        using var http = new HttpClient { BaseAddress = suite.GatewayHttp };
        var probes = Probes(suite.GatewayGrpc, http);
        var probeTime = TimeSpan.FromSeconds(Math.Clamp(hold.TotalSeconds / 4, 2, 15));
        foreach (var (name, result) in await ProbeAsync(probes, probeTime))
        {
            Console.WriteLine($"| none | | {name} | {result.Milliseconds(50):F2} | {result.Milliseconds(99):F2} | {result.ErrorText} |");
        }

        foreach (var (rpc, call) in calls)
        {
            long n = 1_000_000_000;
            using var stop = new CancellationTokenSource(probeTime);
            var saturating = Load.ClosedLoopAsync(InFlight, probeTime, (_, _) => call(Interlocked.Increment(ref n)));
            var others = await ProbeAsync(probes.Where(p => p.Cluster != rpc.Cluster).ToList(), probeTime);
            var saturation = await saturating;
            foreach (var (name, result) in others)
            {
                Console.WriteLine($"| {rpc.Cluster} | {saturation.PerSecond:F0} | {name} | {result.Milliseconds(50):F2} | {result.Milliseconds(99):F2} | {result.ErrorText} |");
            }
        }
    }

    private static async Task<List<(string Name, LoadResult Result)>> ProbeAsync(IReadOnlyList<Probe> probes, TimeSpan duration)
    {
        var results = await Task.WhenAll(probes.Select(p => Load.FixedRateAsync(ProbeRate, duration, _ => p.Call())));
        return probes.Select((p, i) => (p.Name, results[i])).ToList();
    }

    private static string Project(MainRpc rpc) => rpc.Cluster switch
    {
        "ndv" => "NdvMatching",
        "overflow" => "PhoneOverflow",
        "complaints" => "ComplaintPilot",
        _ => "SocialAgenda",
    };

    private sealed record Probe(string Name, string Cluster, Func<Task> Call);

    /// <summary>The gateway's readiness, and one read of each service as its users make it.</summary>
    private static List<Probe> Probes(Uri gateway, HttpClient http)
    {
        GrpcChannel Channel(string role, string? unit = "AM") => MainRpc.Channel(gateway, new SuiteUser { Id = $"probe-{role}", Name = "probe", Roles = [role], Unit = unit });
        var ndv = new NdvMatchingService.NdvMatchingServiceClient(Channel(Roles.BasicTeam));
        var overflow = new PhoneOverflowService.PhoneOverflowServiceClient(Channel(Roles.OverflowCoordinator, null));
        var complaints = new ComplaintPilotService.ComplaintPilotServiceClient(Channel(Roles.ComplaintHandler));
        var survey = new SocialAgendaService.SocialAgendaServiceClient(Channel(Roles.Employee));
        DateTime Deadline() => DateTime.UtcNow.AddSeconds(10);
        return
        [
            new("gateway /health/ready", "gateway", async () =>
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new RpcException(new Status(StatusCode.Unavailable, $"health answered {(int)response.StatusCode}"));
                }
            }),
            new("NDV ListNetworks", "ndv", () => ndv.ListNetworksAsync(new ListNetworksRequest(), deadline: Deadline()).ResponseAsync),
            new("overflow ListRegionalServiceCentres", "overflow", () => overflow.ListRegionalServiceCentresAsync(new ListRegionalServiceCentresRequest(), deadline: Deadline()).ResponseAsync),
            new("complaints ListCategories", "complaints", () => complaints.ListCategoriesAsync(new ListCategoriesRequest(), deadline: Deadline()).ResponseAsync),
            new("survey ListUnits", "survey", () => survey.ListUnitsAsync(new ListUnitsRequest(), deadline: Deadline()).ResponseAsync),
        ];
    }

    /// <summary>The longest warm-up of a soak run: twice the hold, at most two minutes (the shortest: half of it).</summary>
    public static TimeSpan WarmUpLimit(TimeSpan hold) => TimeSpan.FromSeconds(Math.Min(120, 2 * hold.TotalSeconds));
}
