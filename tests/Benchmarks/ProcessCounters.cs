using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Pvi.ServiceData;

namespace Pvi.Benchmarks;

/// <summary>
/// Counters of a measured process read from its runtime over its diagnostics port, as
/// dotnet-counters reads them: the bytes it allocated (the runtime's <c>alloc-rate</c>) and the
/// units of work it ran again after a lost race (<see cref="DatabaseMetrics"/>), summed over every
/// interval published since the session started, and the methods its JIT has compiled so far
/// (<c>methods-jitted-count</c>, every tier: the tiered JIT's recompiling of hot methods shows as
/// its rise), and the garbage collections it made (<c>gen-0-gc-count</c>: every collection collects
/// generation 0) with the share of the time it spent in them (<c>time-in-gc</c>, the percentage the
/// runtime computes at each collection, read every interval and averaged). Figures between two
/// reads are exact to about one interval (a second) at each end, so they are read around measures
/// of several seconds.
/// </summary>
public sealed class ProcessCounters : IAsyncDisposable
{
    private const int IntervalSeconds = 1;

    private readonly EventPipeSession _session;
    private readonly Task _reading;
    private long _allocated;
    private double _retries;
    private double _aborted;
    private long _compiledMethods;
    private long _collections;
    private double _timeInGcSum;
    private long _timeInGcReports;

    private ProcessCounters(EventPipeSession session)
    {
        _session = session;
        var source = new EventPipeEventSource(session.EventStream);
        source.Dynamic.All += Read;
        _reading = Task.Run(source.Process);
    }

    /// <summary>Starts reading the counters of process <paramref name="processId"/>.</summary>
    public static ProcessCounters Start(int processId)
    {
        var interval = IntervalSeconds.ToString(CultureInfo.InvariantCulture);
        var providers = new[]
        {
            new EventPipeProvider("System.Runtime", EventLevel.Informational, (long)EventKeywords.None,
                new Dictionary<string, string> { ["EventCounterIntervalSec"] = interval }),
            new EventPipeProvider("System.Diagnostics.Metrics", EventLevel.Informational, 0x2,
                new Dictionary<string, string>
                {
                    ["SessionId"] = "pvi-bench",
                    ["Metrics"] = DatabaseMetrics.MeterName,
                    ["RefreshInterval"] = interval,
                    ["MaxTimeSeries"] = "100",
                    ["MaxHistograms"] = "10",
                }),
        };
        return new ProcessCounters(new DiagnosticsClient(processId).StartEventPipeSession(providers, requestRundown: false));
    }

    /// <summary>What the process did so far: bytes allocated, units of work run again, units of work aborted, methods compiled, garbage collections.</summary>
    public CounterReading Read() =>
        new(Interlocked.Read(ref _allocated), Volatile.Read(ref _retries), Volatile.Read(ref _aborted), Interlocked.Read(ref _compiledMethods),
            Interlocked.Read(ref _collections), Volatile.Read(ref _timeInGcSum), Interlocked.Read(ref _timeInGcReports));

    private void Read(TraceEvent e)
    {
        if (e.EventName == "EventCounters" && e.PayloadValue(0) is IDictionary<string, object> wrapper
            && wrapper.TryGetValue("Payload", out var inner) && inner is IDictionary<string, object> counter
            && counter.TryGetValue("Name", out var name))
        {
            // alloc-rate is an incrementing counter (bytes of the interval), methods-jitted-count a polled one (the total so far).
            switch ((string)name)
            {
                case "alloc-rate" when counter.TryGetValue("Increment", out var increment):
                    Interlocked.Add(ref _allocated, (long)Convert.ToDouble(increment, CultureInfo.InvariantCulture));
                    break;
                case "methods-jitted-count" when counter.TryGetValue("Mean", out var count):
                    Interlocked.Exchange(ref _compiledMethods, (long)Convert.ToDouble(count, CultureInfo.InvariantCulture));
                    break;
                case "gen-0-gc-count" when counter.TryGetValue("Increment", out var collections):
                    Interlocked.Add(ref _collections, (long)Convert.ToDouble(collections, CultureInfo.InvariantCulture));
                    break;
                case "time-in-gc" when counter.TryGetValue("Mean", out var percent):
                    Volatile.Write(ref _timeInGcSum, _timeInGcSum + Convert.ToDouble(percent, CultureInfo.InvariantCulture));
                    Interlocked.Increment(ref _timeInGcReports);
                    break;
            }
        }
        else if (e.EventName == "CounterRateValuePublished" && (string)e.PayloadByName("meterName") == DatabaseMetrics.MeterName
            && double.TryParse((string)e.PayloadByName("rate"), NumberStyles.Float, CultureInfo.InvariantCulture, out var rate))
        {
            switch ((string)e.PayloadByName("instrumentName"))
            {
                case DatabaseMetrics.RetriesName:
                    Volatile.Write(ref _retries, _retries + rate);
                    break;
                case DatabaseMetrics.AbortedName:
                    Volatile.Write(ref _aborted, _aborted + rate);
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _session.StopAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or EndOfStreamException or IOException)
        {
            // The process ended first: nothing more to read.
        }

        try
        {
            // The stopped session ends the stream and so the reading; a process that hangs does not hold the run.
            await _reading.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
        }

        _session.Dispose();
    }
}

/// <summary>A process's counters at one moment (see <see cref="ProcessCounters"/>).</summary>
public readonly record struct CounterReading(long Allocated, double Retries, double Aborted, long CompiledMethods, long Collections, double TimeInGcSum, long TimeInGcReports)
{
    /// <summary>What the process did between <paramref name="before"/> and this reading.</summary>
    public CounterReading Since(CounterReading before) => new(
        Allocated - before.Allocated, Retries - before.Retries, Aborted - before.Aborted, CompiledMethods - before.CompiledMethods,
        Collections - before.Collections, TimeInGcSum - before.TimeInGcSum, TimeInGcReports - before.TimeInGcReports);

    /// <summary>The mean share of time in garbage collection the runtime reported over the readings summed here, in percent.</summary>
    public double TimeInGc => TimeInGcReports > 0 ? TimeInGcSum / TimeInGcReports : 0;
}
