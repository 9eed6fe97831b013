using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using HdrHistogram;

namespace Pvi.Benchmarks;

/// <summary>What a load run measured: answered calls, their latency (microseconds), refusals by status.</summary>
public sealed record LoadResult(int Answered, TimeSpan Elapsed, LongHistogram Latency, IReadOnlyDictionary<StatusCode, int> Errors)
{
    public double PerSecond => Answered / Elapsed.TotalSeconds;

    public int ErrorCount => Errors.Values.Sum();

    /// <summary>Errors as a share of all calls sent.</summary>
    public double ErrorRate => Answered + ErrorCount == 0 ? 0 : (double)ErrorCount / (Answered + ErrorCount);

    public double Milliseconds(double percentile) => Answered == 0 ? double.NaN : Latency.GetValueAtPercentile(percentile) / 1000.0;

    public string ErrorText => Errors.Count == 0 ? "0" : string.Join(", ", Errors.Select(e => $"{e.Value} {e.Key}"));

    /// <summary>An empty latency histogram: microseconds up to 5 minutes, 3 significant digits.</summary>
    public static LongHistogram NewLatency() => new(TimeStamp.Minutes(5), 3);

    /// <summary>Runs of one load taken in turns with another as if they were one run: calls, time, latency and errors summed.</summary>
    public static LoadResult Combine(IReadOnlyCollection<LoadResult> runs)
    {
        var latency = NewLatency();
        foreach (var run in runs)
        {
            latency.Add(run.Latency);
        }

        return new LoadResult(
            runs.Sum(r => r.Answered),
            TimeSpan.FromTicks(runs.Sum(r => r.Elapsed.Ticks)),
            latency,
            runs.SelectMany(r => r.Errors).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value)));
    }
}

/// <summary>
/// The load generator of the benchmarks: closed loop (a fixed number of calls in flight, to find
/// the saturation throughput) and open loop (calls started on a fixed schedule whether or not
/// earlier ones answered, latency counted from each call's scheduled start so that queueing shows).
/// </summary>
public static class Load
{
    /// <summary>
    /// <paramref name="inFlight"/> callers, each sending its next call when the last one answered,
    /// until <paramref name="duration"/> is over or <paramref name="call"/> (worker, n) has nothing
    /// more to send (null). A gRPC error counts as an error, not a sample.
    /// </summary>
    public static async Task<LoadResult> ClosedLoopAsync(int inFlight, TimeSpan duration, Func<int, int, Task?> call)
    {
        var recorder = new Recorder();
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

                await recorder.RecordAsync(sent, started);
            }
        })));
        return recorder.Result(stopwatch.Elapsed);
    }

    /// <summary>
    /// Closed loop in windows of <paramref name="window"/> for at least <paramref name="minimum"/>,
    /// then until the throughput stops rising (three windows in a row no more than 5% above the
    /// best before them) and, when <paramref name="compiledMethods"/> reads the measured process's
    /// JIT, until that has settled (two windows in a row with fewer than <see cref="SettledMethods"/>
    /// methods compiled), or <paramref name="limit"/>.
    /// A service on the tiered JIT keeps getting faster under load for a minute or more (hot
    /// methods recompiled with the profile they gathered); measured before that, its figures are
    /// those of its start, not of its steady state (the echo here ran 5,500 calls/s for 35 s, then
    /// 27,000 once both ends had been recompiled). The throughput alone misses it: NDV on
    /// PostgreSQL, pinned to one core, held 70 then 100 calls/s for half a minute each while its
    /// JIT still compiled hundreds of methods every 5 s, and reached 180-200 only after 140 s,
    /// when the JIT went quiet. Returns the time it took.
    /// </summary>
    public static async Task<TimeSpan> WarmUpAsync(int inFlight, TimeSpan window, TimeSpan minimum, TimeSpan limit, Func<Task> call, Func<long>? compiledMethods = null)
    {
        var stopwatch = Stopwatch.StartNew();
        var best = 0.0;
        var compiled = compiledMethods?.Invoke() ?? 0;
        var quiet = compiledMethods is null ? int.MaxValue : 0;
        for (var flat = 0; stopwatch.Elapsed < minimum || ((flat < 3 || quiet < 2) && stopwatch.Elapsed < limit);)
        {
            var result = await ClosedLoopAsync(inFlight, window, (_, _) => call());
            flat = result.PerSecond > best * 1.05 ? 0 : flat + 1;
            best = Math.Max(best, result.PerSecond);
            if (compiledMethods is not null)
            {
                var now = compiledMethods();
                quiet = now - compiled < SettledMethods ? quiet + 1 : 0;
                compiled = now;
            }
        }

        return stopwatch.Elapsed;
    }

    /// <summary>
    /// Methods a window of the warm-up may still compile when the JIT has settled: once it has, a
    /// service here compiled 0-11 methods per 5 s (a new path now and then), against hundreds while it
    /// recompiled.
    /// </summary>
    public const int SettledMethods = 20;

    /// <summary>
    /// <paramref name="rate"/> calls a second for <paramref name="duration"/>, call n started at
    /// n / rate seconds, however many are still waiting for an answer.
    /// </summary>
    public static async Task<LoadResult> FixedRateAsync(double rate, TimeSpan duration, Func<long, Task> call)
    {
        var recorder = new Recorder();
        var total = (long)(rate * duration.TotalSeconds);
        var calls = new List<Task>((int)Math.Min(total, 10_000_000));
        var start = Stopwatch.GetTimestamp();
        for (long n = 0; n < total;)
        {
            // Start every call whose time has come, then sleep until the next one is due.
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            for (; n < total && n / rate <= elapsed; n++)
            {
                var scheduled = start + (long)(n / rate * Stopwatch.Frequency);
                var number = n;
                calls.Add(Task.Run(() => recorder.RecordAsync(call(number), scheduled)));
            }

            var wait = n / rate - Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (wait > 0.001)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait));
            }
            else if (wait > 0)
            {
                await Task.Yield();
            }
        }

        await Task.WhenAll(calls);
        return recorder.Result(Stopwatch.GetElapsedTime(start));
    }

    private sealed class Recorder
    {
        private readonly LongHistogram _latency = LoadResult.NewLatency();
        private readonly ConcurrentDictionary<StatusCode, int> _errors = new();
        private int _answered;

        public async Task RecordAsync(Task call, long startedAt)
        {
            try
            {
                await call;
                var microseconds = (long)Stopwatch.GetElapsedTime(startedAt).TotalMicroseconds;
                lock (_latency)
                {
                    _latency.RecordValue(Math.Clamp(microseconds, 1, _latency.HighestTrackableValue));
                    _answered++;
                }
            }
            catch (RpcException e)
            {
                _errors.AddOrUpdate(e.StatusCode, 1, (_, count) => count + 1);
            }
        }

        public LoadResult Result(TimeSpan elapsed) => new(_answered, elapsed, _latency, new Dictionary<StatusCode, int>(_errors));
    }
}
