using System.Diagnostics;
using HdrHistogram;

namespace Pvi.Benchmarks;

/// <summary>The rows of the request benchmarks: samples, rate, p50 and p99 from an HdrHistogram of microseconds.</summary>
public static class LatencyTable
{
    /// <summary>Where the warm-up's call numbers start, far above those of the measured run.</summary>
    public const int WarmUpNumbers = 1_000_000_000;

    public static void PrintHeader()
    {
        Console.WriteLine("| measurement | samples | per second | p50 ms | p99 ms | errors |");
        Console.WriteLine("|---|---|---|---|---|---|");
    }

    /// <summary>Calls one after the other, after a warm-up call.</summary>
    public static async Task TimeAsync<T>(string what, int runs, Func<Task<T>> call)
    {
        await call();
        var histogram = new LongHistogram(TimeStamp.Minutes(1), 3);
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            histogram.RecordValue((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }

        Print(what, runs, runs / stopwatch.Elapsed.TotalSeconds, histogram, 0);
    }

    /// <summary>
    /// A closed-loop run (<see cref="Load.ClosedLoopAsync"/>) and its row, after the same load as a
    /// warm-up until the throughput stops rising (as in the performance run). The warm-up's calls
    /// are numbered from <see cref="WarmUpNumbers"/> on, so that numbers made into ids stay unique.
    /// </summary>
    public static async Task ClosedLoopAsync(string what, int inFlight, TimeSpan duration, Func<int, int, Task?> call)
    {
        var n = WarmUpNumbers;
        await Load.WarmUpAsync(inFlight, PerfBenchmark.WarmUpWindow(duration), PerfBenchmark.WarmUpMinimum(duration), PerfBenchmark.WarmUpLimit(duration),
            () => call(0, Interlocked.Increment(ref n)) ?? Task.CompletedTask);
        var result = await Load.ClosedLoopAsync(inFlight, duration, call);
        Print(what, result.Answered, result.PerSecond, result.Latency, result.ErrorCount);
    }

    public static void Print(string what, int samples, double perSecond, LongHistogram histogram, int errors) =>
        Console.WriteLine($"| {what} | {samples} | {perSecond:F1} | {histogram.GetValueAtPercentile(50) / 1000.0:F2} | {histogram.GetValueAtPercentile(99) / 1000.0:F2} | {errors} |");
}
