using System.Diagnostics;
using HdrHistogram;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pvi.Echo.V1;
using Pvi.EventsTestApp;
using Pvi.IntegrationEvents.Publishing;
using Pvi.ServiceData;
using Pvi.TestSupport;

namespace Pvi.Benchmarks;

/// <summary>
/// Events through the local relay: a publisher and a subscriber of the events test app on real
/// loopback sockets, one event per transaction. Open-loop fixed rates (the schedule does not wait
/// for the system, so queueing shows in the latency) and saturation. Latency is commit to handled:
/// from the publisher's clock reading just before its commit to the subscriber's handler.
/// </summary>
public static class EventsBenchmark
{
    private const int Aggregates = 100;

    public static async Task RunAsync(TimeSpan duration, bool postgres)
    {
        Console.WriteLine($"Events through the local relay; {duration.TotalSeconds:F0} s per fixed rate, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| store | load | events | handled/s | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        await RunStoreAsync("SQLite", duration, _ => Task.FromResult(SqliteDatabase()));
        if (postgres)
        {
            await using var server = new PostgresServer();
            await server.InitializeAsync();
            await RunStoreAsync("PostgreSQL", duration, async name => new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:events"] = await server.CreateDatabaseAsync(name),
            });
        }
        else
        {
            Console.WriteLine("| PostgreSQL | (install PostgreSQL or set PVI_TEST_POSTGRES to measure) | | | | | |");
        }
    }

    private static async Task RunStoreAsync(string store, TimeSpan duration, Func<string, Task<Dictionary<string, string?>>> database)
    {
        foreach (var rate in new[] { 200, 1000 })
        {
            var (events, elapsed, histogram) = await CommitToHandledAsync(database, rate, duration);
            Print(store, $"{rate}/s fixed", events, events / elapsed.TotalSeconds, histogram);
        }

        try
        {
            await SaturationAsync(store, database);
        }
        finally
        {
            ClosePools();
        }
    }

    private static async Task SaturationAsync(string store, Func<string, Task<Dictionary<string, string?>>> database)
    {
        await using (var subscriber = await StartAsync(EventsTestApp.EventsTestApp.Subscriber, await database("bench_sub"), null))
        await using (var publisher = await StartAsync(EventsTestApp.EventsTestApp.Publisher, await database("bench_pub"), subscriber.Http))
        {
            const int count = 10_000;
            var stopwatch = Stopwatch.StartNew();
            using (var http = new HttpClient { BaseAddress = publisher.Http, Timeout = TimeSpan.FromMinutes(10) })
            {
                (await http.PostAsync($"/test/publish?count={count}&aggregates={Aggregates}", null)).EnsureSuccessStatusCode();
            }

            await WaitForAsync(subscriber, count);
            var histogram = new LongHistogram(TimeStamp.Minutes(10), 3);
            await RecordLatenciesAsync(subscriber, 0, histogram);
            Print(store, "saturation (500 per commit)", count, count / stopwatch.Elapsed.TotalSeconds, histogram);
        }
    }

    /// <summary>A publisher and a subscriber on their own databases: events committed at a fixed rate after a warm-up, and their commit-to-handled latency.</summary>
    public static async Task<(int Events, TimeSpan Elapsed, LongHistogram Latency)> CommitToHandledAsync(
        Func<string, Task<Dictionary<string, string?>>> database, int rate, TimeSpan duration)
    {
        try
        {
            await using var subscriber = await StartAsync(EventsTestApp.EventsTestApp.Subscriber, await database("bench_sub"), null);
            await using var publisher = await StartAsync(EventsTestApp.EventsTestApp.Publisher, await database("bench_pub"), subscriber.Http);
            await FixedRateAsync(publisher, subscriber, rate, WarmUp(duration), record: null);
            var histogram = new LongHistogram(TimeStamp.Minutes(1), 3);
            var (events, elapsed) = await FixedRateAsync(publisher, subscriber, rate, duration, histogram);
            return (events, elapsed, histogram);
        }
        finally
        {
            ClosePools();
        }
    }

    /// <summary>
    /// Closes the idle connections of the phase that ended. Each phase has databases of its own, so
    /// pools of its own, which would otherwise keep their connections open for minutes and count
    /// against the PostgreSQL server's connection limit in the phases after it.
    /// </summary>
    private static void ClosePools() => NpgsqlConnection.ClearAllPools();

    /// <summary>
    /// The warm-up before a measured rate: the same rate for twice the phase, 2 to 20 s (the relay
    /// and the handlers are compiled again by the tiered JIT as they run).
    /// </summary>
    public static TimeSpan WarmUp(TimeSpan phase) => TimeSpan.FromSeconds(Math.Clamp(2 * phase.TotalSeconds, 2, 20));

    /// <summary>Commits one event per transaction on a fixed schedule, without waiting for the system.</summary>
    private static async Task<(int Events, TimeSpan Elapsed)> FixedRateAsync(
        TestHost publisher, TestHost subscriber, int rate, TimeSpan duration, LongHistogram? record)
    {
        var before = await CountAsync(subscriber);
        var total = (int)(rate * duration.TotalSeconds);
        var inFlight = new List<Task>(total);
        var limit = new SemaphoreSlim(64);
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - stopwatch.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            await limit.WaitAsync();
            var n = i;
            inFlight.Add(Task.Run(async () =>
            {
                try
                {
                    await CommitOneAsync(publisher, n);
                }
                finally
                {
                    limit.Release();
                }
            }));
        }

        await Task.WhenAll(inFlight);
        await WaitForAsync(subscriber, before + total);
        var elapsed = stopwatch.Elapsed;
        if (record is not null)
        {
            await RecordLatenciesAsync(subscriber, before, record);
        }

        return (total, elapsed);
    }

    private static async Task CommitOneAsync(TestHost publisher, int n)
    {
        await using var scope = publisher.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
        var aggregate = $"bench-{n % Aggregates}";
        await db.RunAsync(ct =>
        {
            db.Notes.Add(new Note { AggregateId = aggregate, Text = "benchmark" });
            outbox.Enqueue(aggregate, new EchoRecorded
            {
                AggregateId = aggregate,
                Sequence = n,
                CommittedAtUnixMicroseconds = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10,
            });
            return db.SaveChangesAsync(ct);
        }, CancellationToken.None);
    }

    private static async Task RecordLatenciesAsync(TestHost subscriber, int skip, LongHistogram histogram)
    {
        await using var scope = subscriber.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
        var latencies = await db.Received.AsNoTracking().OrderBy(r => r.Arrival).Skip(skip).Select(r => r.LatencyMicroseconds).ToListAsync();
        foreach (var microseconds in latencies)
        {
            histogram.RecordValue(Math.Max(1, microseconds));
        }
    }

    private static async Task<int> CountAsync(TestHost subscriber)
    {
        await using var scope = subscriber.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EventsDbContext>().Received.CountAsync();
    }

    private static Task WaitForAsync(TestHost subscriber, int count) =>
        Eventually.UntilAsync(async () => await CountAsync(subscriber) >= count, TimeSpan.FromMinutes(5), () => $"{count} events handled", TimeSpan.FromMilliseconds(20));

    private static async Task<TestHost> StartAsync(string appId, Dictionary<string, string?> store, Uri? subscriber)
    {
        var settings = new Dictionary<string, string?>(store) { ["Events:AppId"] = appId };
        if (subscriber is not null)
        {
            settings[$"Events:Subscribers:{EventsTestApp.EventsTestApp.Subscriber}"] = subscriber.ToString();
        }

        return await EventsTestApp.EventsTestApp.StartAsync(settings);
    }

    public static Dictionary<string, string?> SqliteDatabase() => new()
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:events"] = $"Data Source={Path.Combine(Directory.CreateTempSubdirectory("pvi-bench-").FullName, "events.db")}",
    };

    private static void Print(string store, string load, int events, double perSecond, LongHistogram histogram) =>
        Console.WriteLine(
            $"| {store} | {load} | {events} | {perSecond:F0} | {Ms(histogram, 50)} | {Ms(histogram, 99)} | {histogram.GetMaxValue() / 1000.0:F1} |");

    private static string Ms(LongHistogram histogram, double percentile) => (histogram.GetValueAtPercentile(percentile) / 1000.0).ToString("F1");
}
