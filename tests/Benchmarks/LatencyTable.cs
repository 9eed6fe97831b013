using System.Diagnostics;
using HdrHistogram;

namespace Pvi.Benchmarks;

/// <summary>The rows of the request benchmarks: samples, rate, p50 and p99 from an HdrHistogram of microseconds.</summary>
public static class LatencyTable
{
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

    /// <summary>A closed-loop run (<see cref="Load.ClosedLoopAsync"/>) and its row.</summary>
    public static async Task ClosedLoopAsync(string what, int inFlight, TimeSpan duration, Func<int, int, Task?> call)
    {
        var result = await Load.ClosedLoopAsync(inFlight, duration, call);
        Print(what, result.Answered, result.PerSecond, result.Latency, result.ErrorCount);
    }

    public static void Print(string what, int samples, double perSecond, LongHistogram histogram, int errors) =>
        Console.WriteLine($"| {what} | {samples} | {perSecond:F1} | {histogram.GetValueAtPercentile(50) / 1000.0:F2} | {histogram.GetValueAtPercentile(99) / 1000.0:F2} | {errors} |");
}
