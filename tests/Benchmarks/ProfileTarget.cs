namespace Pvi.Benchmarks;

/// <summary>
/// One main RPC held at saturation (or at a fixed rate), direct to its service or through the
/// gateway, for as long as asked: the processes to attach dotnet-trace, dotnet-counters or perf to.
/// Prints the process ids once the load runs, then the throughput, median latency and CPU per call
/// of the service (and of the gateway) of every 5 s (which also shows how long they take to reach
/// their steady state), with the service's allocations and retries per call (read a second late,
/// so exact over several windows); at a fixed rate also each window's p99 and slowest call, from
/// each call's scheduled start, so that a window whose tail stands out shows when it came.
/// </summary>
public static class ProfileTarget
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    /// <param name="rate">Calls a second started on schedule (open loop) instead of <paramref name="inFlight"/> in a closed loop.</param>
    public static async Task RunAsync(string cluster, TimeSpan duration, int inFlight, bool viaGateway, BenchmarkStore store, double? rate = null)
    {
        var rpc = MainRpc.All.SingleOrDefault(r => r.Cluster == cluster)
            ?? throw new ArgumentException($"No main RPC of '{cluster}'; one of {string.Join(", ", MainRpc.All.Select(r => r.Cluster))}.");
        Machine.PinLoadGenerator();
        await using var processes = await rpc.StartAsync(await store.SettingsAsync(rpc.Cluster));
        Machine.PinServer(processes.ServiceProcessId);
        Machine.PinServer(processes.GatewayProcessId);
        var call = viaGateway
            ? await rpc.PrepareAsync(processes.ServiceGrpc, processes.GatewayGrpc, "gateway")
            : await rpc.PrepareAsync(processes.ServiceGrpc, processes.ServiceGrpc, "direct");
        await using var counters = ProcessCounters.Start(processes.ServiceProcessId);
        Console.WriteLine($"under load ({(rate is { } r ? $"{r:F0} calls/s on schedule" : $"{inFlight} in flight")}): {rpc.Service} {rpc.Rpc} on {store.Name} {(viaGateway ? "through the gateway" : "direct")}, " +
            $"service process {processes.ServiceProcessId}, gateway process {processes.GatewayProcessId}, for {duration.TotalSeconds:F0} s");
        long n = 0;
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Window)
        {
            var window = duration - elapsed < Window ? duration - elapsed : Window;
            var before = counters.Read();
            var (result, serviceCpu, gatewayCpu) = rate is { } perSecond
                ? await processes.MeasuredAsync(() => Load.FixedRateAsync(perSecond, window, _ => call(Interlocked.Increment(ref n))))
                : await processes.ClosedLoopAsync(inFlight, window, () => call(Interlocked.Increment(ref n)));
            var counted = counters.Read().Since(before);
            var calls = Math.Max(1, result.Answered + result.ErrorCount);
            var service = serviceCpu.TotalMilliseconds / Math.Max(1, result.Answered);
            var gateway = gatewayCpu.TotalMilliseconds / Math.Max(1, result.Answered);
            Console.WriteLine($"{(elapsed + window).TotalSeconds,4:F0} s: {result.PerSecond:F0} calls/s, p50 {result.Milliseconds(50):F2} ms, " +
                (rate is null ? "" : $"p99 {result.Milliseconds(99):F2} ms, max {result.Milliseconds(100):F2} ms, ") +
                $"CPU ms/call service {service:F3}" + (viaGateway ? $", gateway {gateway:F3}" : "") +
                $", KB/call {counted.Allocated / 1024.0 / calls:F0}, retries/call {counted.Retries / calls:F2}, " +
                $"GCs/1000 calls {counted.Collections * 1000.0 / calls:F1}, time in GC {counted.TimeInGc:F1}%, " +
                $"methods compiled {counted.CompiledMethods}, errors {result.ErrorText}");
        }
    }
}
