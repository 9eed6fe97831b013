using Pvi.TestSupport;

namespace Pvi.Benchmarks;

/// <summary>
/// dotnet run -c Release --project tests/Benchmarks -- {perf|soak|events|ndv|overflow|complaints|survey} [seconds]
/// Prints Markdown tables; PostgreSQL is measured where the tests' fixture finds one (PVI_TEST_POSTGRES or a local installation). perf: the
/// performance figures of the whole suite side by side, seconds per phase (10); soak: each main
/// RPC held at a fixed rate, and one service saturated while the others are called (60 s).
/// perf takes a third argument, clusters to measure besides the echo (ndv,overflow,complaints,survey).
/// profile [seconds] [cluster] [in flight|calls/s] [direct|gateway] [sqlite|postgres]: one main RPC saturated (64) or at a
/// fixed rate (1200/s) direct to its service or through the gateway, on SQLite or PostgreSQL (to attach dotnet-trace or perf to).
/// console [calls]: the web console in headless Chromium against the suite as the README starts it: RouteCall to
/// the call visible on the operator's page (p50/p95 over 200 calls), the console's memory with 20 signed-in sessions.
/// echo-server: the bare echo service the perf run starts as its baseline.
/// </summary>
public static class BenchmarkCommand
{
    public static async Task<int> Main(string[] args)
    {
        var command = args.FirstOrDefault() ?? "perf";
        var seconds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : command == "soak" ? 60 : 10;
        var postgres = PostgresServer.Available;
        switch (command)
        {
            case "perf":
                MainRpc.SurveyInvitationsFor(PerfBenchmark.WarmUpLimit(TimeSpan.FromSeconds(seconds)) + TimeSpan.FromSeconds(2 * seconds));
                await PerfBenchmark.RunAsync(TimeSpan.FromSeconds(seconds), postgres, args.Length > 2 ? args[2].Split(',') : []);
                return 0;
            case "soak":
                MainRpc.SurveyInvitationsFor(SoakBenchmark.WarmUpLimit(TimeSpan.FromSeconds(seconds)) + TimeSpan.FromSeconds(seconds + 20));
                await SoakBenchmark.RunAsync(TimeSpan.FromSeconds(seconds));
                return 0;
            case "profile":
                var path = args.Length > 4 ? args[4] : "direct";
                if (path is not ("direct" or "gateway"))
                {
                    Console.Error.WriteLine($"usage: Benchmarks profile [seconds] [cluster] [in flight] [direct|gateway]; not '{path}'");
                    return 2;
                }

                var engine = args.Length > 5 ? args[5] : "sqlite";
                if (engine is not ("sqlite" or "postgres"))
                {
                    Console.Error.WriteLine($"usage: Benchmarks profile [seconds] [cluster] [in flight] [direct|gateway] [sqlite|postgres]; not '{engine}'");
                    return 2;
                }

                MainRpc.SurveyInvitationsFor(TimeSpan.FromSeconds(seconds));

                // Pinned before PostgreSQL starts, so that its server runs on the load generator's
                // core, as in perf (a child process keeps the core of the process that started it).
                Machine.PinLoadGenerator();
                await using (var server = engine == "postgres" ? new PostgresServer() : null)
                {
                    if (server is not null)
                    {
                        await server.InitializeAsync();
                    }

                    // "64" calls in flight, or "1200/s" calls a second on schedule.
                    var load = args.Length > 3 ? args[3] : "64";
                    double? rate = load.EndsWith("/s", StringComparison.Ordinal) ? double.Parse(load[..^2], System.Globalization.CultureInfo.InvariantCulture) : null;
                    await ProfileTarget.RunAsync(args.Length > 2 ? args[2] : "echo", TimeSpan.FromSeconds(seconds), rate is null ? int.Parse(load, System.Globalization.CultureInfo.InvariantCulture) : 64,
                        viaGateway: path == "gateway", server is null ? BenchmarkStore.Sqlite : BenchmarkStore.Postgres(server, 64), rate);
                }

                return 0;
            case "console":
                await ConsoleBenchmark.RunAsync(args.Length > 1 ? seconds : 200);
                return 0;
            case "echo-server":
                await EchoServer.RunAsync();
                return 0;
            case "events":
                await EventsBenchmark.RunAsync(TimeSpan.FromSeconds(seconds), postgres);
                return 0;
            case "ndv":
                await NdvBenchmark.RunAsync(postgres);
                return 0;
            case "overflow":
                await OverflowBenchmark.RunAsync(TimeSpan.FromSeconds(seconds));
                return 0;
            case "complaints":
                await ComplaintsBenchmark.RunAsync(TimeSpan.FromSeconds(seconds));
                return 0;
            case "survey":
                await SurveyBenchmark.RunAsync(TimeSpan.FromSeconds(seconds), postgres);
                return 0;
            default:
                Console.Error.WriteLine("usage: Benchmarks {perf|soak|profile|events|ndv|overflow|complaints|survey} [seconds]");
                return 2;
        }
    }
}
