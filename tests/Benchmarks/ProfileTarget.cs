namespace Pvi.Benchmarks;

/// <summary>
/// One main RPC held at saturation, direct to its service, for as long as asked: the process to
/// attach dotnet-trace, dotnet-counters or perf to. Prints the service's process id once the load
/// runs, then the throughput, median latency and CPU per call of every 5 s (which also shows how
/// long the service takes to reach its steady state).
/// </summary>
public static class ProfileTarget
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(string cluster, TimeSpan duration, int inFlight)
    {
        var rpc = MainRpc.All.SingleOrDefault(r => r.Cluster == cluster)
            ?? throw new ArgumentException($"No main RPC of '{cluster}'; one of {string.Join(", ", MainRpc.All.Select(r => r.Cluster))}.");
        Machine.PinLoadGenerator();
        await using var processes = await rpc.StartAsync();
        Machine.PinServer(processes.ServiceProcessId);
        var call = await rpc.PrepareAsync(processes.ServiceGrpc, processes.ServiceGrpc, "direct");
        Console.WriteLine($"under load ({inFlight} in flight): {rpc.Service} {rpc.Rpc}, process {processes.ServiceProcessId}, for {duration.TotalSeconds:F0} s");
        long n = 0;
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Window)
        {
            var cpu = Machine.CpuTime(processes.ServiceProcessId);
            var window = duration - elapsed < Window ? duration - elapsed : Window;
            var result = await Load.ClosedLoopAsync(inFlight, window, (_, _) => call(Interlocked.Increment(ref n)));
            var perCall = (Machine.CpuTime(processes.ServiceProcessId) - cpu).TotalMilliseconds / Math.Max(1, result.Answered);
            Console.WriteLine($"{(elapsed + window).TotalSeconds,4:F0} s: {result.PerSecond:F0} calls/s, p50 {result.Milliseconds(50):F2} ms, {perCall:F2} CPU ms/call, {result.ErrorCount} errors");
        }
    }
}
