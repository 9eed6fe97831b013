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

    /// <summary>
    /// <paramref name="inFlight"/> callers, each sending its next call when the last one answered,
    /// until <paramref name="duration"/> is over or <paramref name="call"/> (worker, n) has nothing
    /// more to send (null); then prints the row. A gRPC error counts as an error, not a sample.
    /// </summary>
    public static async Task ClosedLoopAsync(string what, int inFlight, TimeSpan duration, Func<int, int, Task?> call)
    {
        var histogram = new LongHistogram(TimeStamp.Minutes(1), 3);
        var (calls, errors) = (0, 0);
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; stopwatch.Elapsed < duration; n++)
            {
                var started = Stopwatch.GetTimestamp();
                var sent = call(worker, n);
                if (sent is null)
                {
                    return;
                }

                try
                {
                    await sent;
                    lock (histogram)
                    {
                        histogram.RecordValue((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                        calls++;
                    }
                }
                catch (Grpc.Core.RpcException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        Print(what, calls, calls / stopwatch.Elapsed.TotalSeconds, histogram, errors);
    }

    public static void Print(string what, int samples, double perSecond, LongHistogram histogram, int errors) =>
        Console.WriteLine($"| {what} | {samples} | {perSecond:F1} | {histogram.GetValueAtPercentile(50) / 1000.0:F2} | {histogram.GetValueAtPercentile(99) / 1000.0:F2} | {errors} |");
}
