using System.Globalization;
using HdrHistogram;

namespace Pvi.Benchmarks;

/// <summary>
/// The performance figures side by side in one run: the bare echo service and each service's main
/// RPC, direct and through the gateway (both paths warmed up together, saturation throughput with
/// 64 calls in flight measured in turns, then latency at a fixed rate of half of it), events
/// commit-to-handled at 200 and 1,000 a second, each process's resident memory idle (each service
/// after its first start and after a restart) and under load, and the suite's start-up to all
/// ready; then the goals, each met or missed.
/// </summary>
public static class PerfBenchmark
{
    private const int InFlight = 64;

    /// <summary>The saturation of each path is measured in this many turns, the paths one after the other in each.</summary>
    private const int Turns = 3;

    /// <param name="only">The gateway clusters to measure besides the echo (all when empty).</param>
    public static async Task RunAsync(TimeSpan phase, bool withPostgres, IReadOnlyCollection<string> only)
    {
        Machine.PinLoadGenerator();
        Console.WriteLine($"Performance, {phase.TotalSeconds:F0} s per phase; {Machine.Describe()}");
        Console.WriteLine();

        // Started after the pin: PostgreSQL's server runs on the load generator's core (on two
        // cores there is none of its own), not on the measured processes' cores.
        await using var postgresServer = !withPostgres ? null : new Pvi.TestSupport.PostgresServer();
        var stores = new List<BenchmarkStore> { BenchmarkStore.Sqlite };
        if (postgresServer is not null)
        {
            await postgresServer.InitializeAsync();
            stores.Add(BenchmarkStore.Postgres(postgresServer, InFlight));
        }

        // The floor of a durable write on each engine, measured in this run.
        var floors = new Dictionary<string, double>();
        foreach (var store in stores)
        {
            floors[store.Name] = await store.BareCommitsPerSecondAsync(phase);
        }

        var rows = new List<Row>();
        var memory = new List<(string Process, double Idle, double Restarted, double Loaded)>();
        foreach (var rpc in MainRpc.All.Where(r => r == MainRpc.Echo || only.Count == 0 || only.Contains(r.Cluster)))
        {
            // The echo keeps no data; the services run on every engine, PostgreSQL called direct.
            foreach (var store in rpc == MainRpc.Echo ? [BenchmarkStore.Sqlite] : stores)
            {
                rows.AddRange(await MeasureAsync(rpc, store, phase, store.IsSqlite ? memory : null));
            }
        }

        var echo = rows.Single(r => r.Rpc == MainRpc.Echo && r.Path == "direct");
        Console.WriteLine($"Main RPCs: both paths warmed up together until the throughput stopped rising and the service's JIT settled, saturation with {InFlight} calls in flight (the paths in {Turns} turns each), then a fixed rate of half of it (latency from each call's scheduled start):");
        Console.WriteLine();
        Console.WriteLine($"Bare durable one-row commits on the same engines (the floor of any write): {string.Join(", ", floors.Select(f => $"{f.Key} {f.Value:F0}/s"))}");
        Console.WriteLine();
        Console.WriteLine("| service | RPC | store | path | warm-up s | methods compiled while measured | saturation calls/s | vs bare commits | gateway/direct | direct/echo | CPU ms/call service, gateway | KB allocated/call | retries/call | at 50%: calls/s | p50 ms | p99 ms | p99.9 ms | p99/p50 | errors |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            var direct = DirectOf(rows, row);
            Console.WriteLine(
                $"| {row.Rpc.Service} | {row.Rpc.Rpc} | {(row.Rpc == MainRpc.Echo ? "" : row.Store)} | {row.Path} | {row.WarmUp.TotalSeconds:F0} | {row.CompiledMethods} | {row.Saturation.PerSecond:F0} | " +
                (row.Rpc == MainRpc.Echo ? "" : $"{row.Saturation.PerSecond / floors[row.Store]:F3}") + " | " +
                (row.Path == "gateway" ? Percent(row.Saturation.PerSecond / direct.Saturation.PerSecond) : "") + " | " +
                (row.Path == "direct" && row.Rpc != MainRpc.Echo ? Percent(row.Saturation.PerSecond / echo.Saturation.PerSecond) : "") + " | " +
                $"{row.ServiceCpu:F2}" + (row.Path == "gateway" ? $", {row.GatewayCpu:F2}" : "") + " | " +
                $"{row.AllocatedKilobytes:F0} | {row.Retries:F2} | " +
                $"{row.Half.PerSecond:F0} | {row.Half.Milliseconds(50):F2} | {row.Half.Milliseconds(99):F2} | {row.Half.Milliseconds(99.9):F2} | {row.Half.Milliseconds(99) / row.Half.Milliseconds(50):F1} | " +
                $"{ErrorText(row)} |");
        }

        Console.WriteLine();
        Console.WriteLine("KB allocated and retries per call are the service's over the saturation turns of all its paths; errors by status code.");

        Console.WriteLine();
        // Publisher and subscriber run in this process: every core for them.
        Machine.UnpinLoadGenerator();
        Console.WriteLine("Events through the local relay (publisher and subscriber in this process, one event per transaction), commit to handled:");
        Console.WriteLine();
        Console.WriteLine("| store | rate | events | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var eventsP99 = new List<(string Store, double P99)>();
        var eventStores = new List<(string Name, Func<string, Task<Dictionary<string, string?>>> Database)> { ("SQLite", _ => Task.FromResult(EventsBenchmark.SqliteDatabase())) };
        if (postgresServer is not null)
        {
            eventStores.Add(("PostgreSQL", async name => new Dictionary<string, string?> { ["Database:Provider"] = "Postgres", ["ConnectionStrings:events"] = await postgresServer.CreateDatabaseAsync(name) }));
        }

        foreach (var (store, database) in eventStores)
        {
            foreach (var rate in new[] { 200, 1000 })
            {
                var (events, _, latency) = await EventsBenchmark.CommitToHandledAsync(database, rate, phase);
                var p99 = latency.GetValueAtPercentile(99) / 1000.0;
                if (rate == 200)
                {
                    eventsP99.Add((store, p99));
                }

                Console.WriteLine($"| {store} | {rate}/s | {events} | {latency.GetValueAtPercentile(50) / 1000.0:F2} | {p99:F2} | {latency.GetMaxValue() / 1000.0:F1} |");
            }
        }

        Console.WriteLine();
        TimeSpan startUp;
        await using (var suite = await SuiteProcesses.StartAsync())
        {
            startUp = suite.StartUp;
        }

        var echoMemory = memory.First(m => m.Process == MainRpc.Echo.Service);
        Console.WriteLine("Resident memory (VmRSS), idle 1 s after the first start (on a new database) and after a restart (on the same database), and the highest under saturation:");
        Console.WriteLine();
        Console.WriteLine("| process | idle MB, first start | idle MB, restarted | under load MB | idle vs echo, first start | idle vs echo, restarted |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (process, idle, restarted, loaded) in memory)
        {
            Console.WriteLine($"| {process} | {idle:F0} | {(double.IsNaN(restarted) ? "" : $"{restarted:F0}")} | {loaded:F0} | {idle / echoMemory.Idle:F2} | " +
                (double.IsNaN(restarted) ? "" : $"{restarted / echoMemory.Restarted:F2}") + " |");
        }

        Console.WriteLine();
        Console.WriteLine($"Suite start-up (four services and the gateway started at once, on new SQLite files, until all ready): {startUp.TotalSeconds:F1} s");
        Console.WriteLine();

        var services = rows.Where(r => r.Rpc != MainRpc.Echo).ToList();
        var measured = rows.Select(r => r.Rpc).Distinct().ToList();
        var gatewayShares = rows.Where(r => r.Path == "gateway").Select(r => (r.Rpc, share: r.Saturation.PerSecond / DirectOf(rows, r).Saturation.PerSecond)).ToList();
        var echoShares = services.Where(r => r.Path == "direct" && r.Store == BenchmarkStore.Sqlite.Name).Select(r => (r.Rpc, share: r.Saturation.PerSecond / echo.Saturation.PerSecond)).ToList();
        var tails = services.Select(r => (r, ratio: r.Half.Milliseconds(99) / r.Half.Milliseconds(50))).ToList();
        var sqliteDirect = services.Where(r => r.Path == "direct" && r.Store == BenchmarkStore.Sqlite.Name).ToList();
        var postgresDirect = services.Where(r => r.Store != BenchmarkStore.Sqlite.Name).ToList();
        var memoryRatios = measured.Where(rpc => rpc != MainRpc.Echo)
            .Select(rpc => (Rpc: rpc, Memory: memory.Single(m => m.Process == rpc.Service)))
            .Select(s => (Process: Short(s.Rpc), First: s.Memory.Idle / echoMemory.Idle, Restarted: s.Memory.Restarted / echoMemory.Restarted))
            .ToList();
        Console.WriteLine("| goal | measured | met |");
        Console.WriteLine("|---|---|---|");
        Goal($"each main RPC on SQLite direct at saturation >= {string.Join(", ", SaturationGoals.Select(g => $"{g.Key} {g.Value}/s"))}",
            string.Join(", ", sqliteDirect.Select(r => $"{Short(r.Rpc)} {r.Saturation.PerSecond:F0}/s ({r.Saturation.PerSecond / floors[r.Store]:F3} of bare commits)")),
            sqliteDirect.All(r => r.Saturation.PerSecond >= SaturationGoals[r.Rpc.Cluster]));
        if (postgresDirect.Count > 0)
        {
            Goal($"PostgreSQL at {InFlight} in flight: no ABORTED, throughput >= SQLite's",
                string.Join(", ", postgresDirect.Select(r => $"{Short(r.Rpc)} {r.Saturation.PerSecond:F0}/s vs {sqliteDirect.Single(d => d.Rpc == r.Rpc).Saturation.PerSecond:F0}/s, {Aborted(r)} ABORTED, {r.Retries:F2} retries/call")),
                postgresDirect.All(r => Aborted(r) == 0 && r.Saturation.PerSecond >= sqliteDirect.Single(d => d.Rpc == r.Rpc).Saturation.PerSecond));
        }

        var allocations = services.Where(r => r.Path == "direct").ToList();
        Goal("each main RPC allocates <= 100 KB per call", string.Join(", ", allocations.Select(r => $"{Short(r.Rpc)} {r.Store} {r.AllocatedKilobytes:F0} KB")), allocations.All(r => r.AllocatedKilobytes <= 100));
        Goal("p99 <= 5 x p50 at half saturation, every service row", $"worst {tails.Max(t => t.ratio):F1} ({Short(tails.MaxBy(t => t.ratio).r.Rpc)} {tails.MaxBy(t => t.ratio).r.Store} {tails.MaxBy(t => t.ratio).r.Path})", tails.All(t => t.ratio <= 5));
        Goal("gateway path throughput >= 80% of direct, every service", string.Join(", ", gatewayShares.Select(g => $"{Short(g.Rpc)} {Percent(g.share)}")), gatewayShares.Where(g => g.Rpc != MainRpc.Echo).All(g => g.share >= 0.8));
        Goal("each main RPC >= 50% of the bare echo's throughput", string.Join(", ", echoShares.Select(e => $"{Short(e.Rpc)} {Percent(e.share)}")), echoShares.All(e => e.share >= 0.5));
        Goal("events commit-to-handled p99 < 10 ms at 200/s", string.Join(", ", eventsP99.Select(e => $"{e.Store} {e.P99:F2} ms")), eventsP99.All(e => e.P99 < 10));
        Goal("each service idle <= 1.5 x the echo's memory",
            $"echo {echoMemory.Idle:F0} MB; first start: " + string.Join(", ", memoryRatios.Select(m => $"{m.Process} {m.First:F2}")) +
            "; restarted: " + string.Join(", ", memoryRatios.Select(m => $"{m.Process} {m.Restarted:F2}")),
            memoryRatios.All(m => m.First <= 1.5 && m.Restarted <= 1.5));
        Goal("suite ready < 15 s", $"{startUp.TotalSeconds:F1} s", startUp < TimeSpan.FromSeconds(15));
    }

    /// <summary>
    /// One service on one engine: both paths (direct only on PostgreSQL) warmed up together,
    /// saturated in turns, then held at half of it; the service's allocations and retries over the
    /// saturation. Adds its idle and peak memory when <paramref name="memory"/> is given.
    /// </summary>
    private static async Task<List<Row>> MeasureAsync(MainRpc rpc, BenchmarkStore store, TimeSpan phase, List<(string Process, double Idle, double Restarted, double Loaded)>? memory)
    {
        await using var processes = await rpc.StartAsync(await store.SettingsAsync(rpc.Cluster));
        Machine.PinServer(processes.ServiceProcessId);
        Machine.PinServer(processes.GatewayProcessId);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var idle = (Service: Machine.ResidentMegabytes(processes.ServiceProcessId), Gateway: Machine.ResidentMegabytes(processes.GatewayProcessId));

        // The first start applies the migrations and loads the seeds, whose code stays compiled
        // in the process; every later start (a deployment, a restart) finds them in place.
        await processes.RestartServiceAsync();
        Machine.PinServer(processes.ServiceProcessId);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var idleRestarted = Machine.ResidentMegabytes(processes.ServiceProcessId);

        // Both paths are warmed up together and measured in turns: a service that still gets
        // cheaper while the first path is measured would otherwise make the second look better.
        var paths = new List<(string Name, Func<long, Task> Call)>();
        foreach (var (path, address) in store.IsSqlite ? new[] { ("direct", processes.ServiceGrpc), ("gateway", processes.GatewayGrpc) } : [("direct", processes.ServiceGrpc)])
        {
            paths.Add((path, await rpc.PrepareAsync(processes.ServiceGrpc, address, path)));
        }

        var turns = paths.Select(_ => new List<(LoadResult Result, TimeSpan ServiceCpu, TimeSpan GatewayCpu)>()).ToList();
        long n = 0;
        TimeSpan warmUp;
        CounterReading counted;
        double[] peaks;
        await using (var counters = ProcessCounters.Start(processes.ServiceProcessId))
        {
            warmUp = await Load.WarmUpAsync(InFlight, WarmUpWindow(phase), WarmUpMinimum(phase), WarmUpLimit(phase), () =>
            {
                var number = Interlocked.Increment(ref n);
                return paths[(int)(number % paths.Count)].Call(number);
            }, () => counters.Read().CompiledMethods);

            // The counters publish every second: one interval before and after the load, so that its edges are counted.
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            var before = counters.Read();
            (_, peaks) = await Machine.WithPeakMemoryAsync(
                [processes.ServiceProcessId, processes.GatewayProcessId],
                async () =>
                {
                    for (var turn = 0; turn < Turns; turn++)
                    {
                        for (var p = 0; p < paths.Count; p++)
                        {
                            var call = paths[p].Call;
                            turns[p].Add(await processes.ClosedLoopAsync(InFlight, phase / Turns, () => call(Interlocked.Increment(ref n))));
                        }
                    }

                    return 0;
                });
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            var after = counters.Read();
            counted = after.Since(before);
        }

        var calls = Math.Max(1, turns.Sum(t => t.Sum(r => r.Result.Answered + r.Result.ErrorCount)));
        var rows = new List<Row>();
        for (var p = 0; p < paths.Count; p++)
        {
            var (path, call) = paths[p];
            var saturation = LoadResult.Combine(turns[p].Select(t => t.Result).ToList());
            var serviceCpu = turns[p].Sum(t => t.ServiceCpu.TotalMilliseconds) / Math.Max(1, saturation.Answered);
            var gatewayCpu = path == "gateway" ? turns[p].Sum(t => t.GatewayCpu.TotalMilliseconds) / Math.Max(1, saturation.Answered) : double.NaN;
            var half = await Load.FixedRateAsync(Math.Max(1, saturation.PerSecond / 2), phase, _ => call(Interlocked.Increment(ref n)));
            rows.Add(new Row(rpc, store.Name, path, warmUp, counted.CompiledMethods, saturation, half, serviceCpu, gatewayCpu,
                counted.Allocated / 1024.0 / calls, counted.Retries / calls, counted.Aborted));
        }

        memory?.Add((rpc.Service, idle.Service, idleRestarted, peaks[0]));
        memory?.Add(($"gateway (in front of {rpc.Service})", idle.Gateway, double.NaN, peaks[1]));
        return rows;
    }

    /// <summary>Windows of the warm-up: 5 s, or the phase when shorter.</summary>
    public static TimeSpan WarmUpWindow(TimeSpan phase) => phase < TimeSpan.FromSeconds(5) ? phase : TimeSpan.FromSeconds(5);

    /// <summary>The shortest warm-up: 6 phases, at most a minute (the runtime's recompiling went on for 40-140 s here; the warm-up then waits for it, see <see cref="Load.WarmUpAsync"/>).</summary>
    public static TimeSpan WarmUpMinimum(TimeSpan phase) => TimeSpan.FromSeconds(Math.Min(60, 6 * phase.TotalSeconds));

    /// <summary>
    /// The longest warm-up: three minutes in a full run (phases of 10 s or more; a service pinned to
    /// one core took up to 140 s here before its JIT settled), 12 phases in a shorter one (a smoke
    /// run that shows the harness works, not the steady state).
    /// </summary>
    public static TimeSpan WarmUpLimit(TimeSpan phase) => phase >= TimeSpan.FromSeconds(10) ? TimeSpan.FromMinutes(3) : 12 * phase;

    /// <summary>The saturation each main RPC should reach on SQLite, direct: five times what it answered before the performance work.</summary>
    private static readonly IReadOnlyDictionary<string, int> SaturationGoals = new Dictionary<string, int> { ["ndv"] = 800, ["overflow"] = 800, ["complaints"] = 2500, ["survey"] = 3000 };

    private static Row DirectOf(List<Row> rows, Row row) => rows.Single(r => r.Rpc == row.Rpc && r.Store == row.Store && r.Path == "direct");

    private static int Aborted(Row row) => row.Saturation.Errors.GetValueOrDefault(Grpc.Core.StatusCode.Aborted) + row.Half.Errors.GetValueOrDefault(Grpc.Core.StatusCode.Aborted);

    private static string ErrorText(Row row) => LoadResult.Combine([row.Saturation, row.Half]).ErrorText;

    private static void Goal(string goal, string measured, bool met) => Console.WriteLine($"| {goal} | {measured} | {(met ? "yes" : "no")} |");

    private static string Percent(double share) => (share * 100).ToString("F0", CultureInfo.InvariantCulture) + "%";

    private static string Short(MainRpc rpc) => rpc.Cluster;

    /// <param name="WarmUp">The closed loop before the measures, until the throughput stopped rising and the service's JIT settled.</param>
    /// <param name="CompiledMethods">Methods the service's JIT compiled during the saturation turns (few once it has settled).</param>
    /// <param name="ServiceCpu">CPU milliseconds of the service per call at saturation.</param>
    /// <param name="GatewayCpu">CPU milliseconds of the gateway per call at saturation (the gateway path).</param>
    /// <param name="AllocatedKilobytes">KB the service allocated per call at saturation (both paths' calls).</param>
    /// <param name="Retries">Units of work the service ran again after a lost race, per call at saturation.</param>
    /// <param name="AbortedInService">Units of work that lost every attempt at saturation (each an ABORTED answer).</param>
    private sealed record Row(MainRpc Rpc, string Store, string Path, TimeSpan WarmUp, long CompiledMethods, LoadResult Saturation, LoadResult Half, double ServiceCpu, double GatewayCpu,
        double AllocatedKilobytes, double Retries, double AbortedInService);
}
