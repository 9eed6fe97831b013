using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Pvi.Echo.V1;
using Pvi.IntegrationEvents;
using Pvi.IntegrationEvents.Model;
using Pvi.IntegrationEvents.Publishing;
using Pvi.IntegrationEvents.Subscribing;
using Pvi.ServiceData;

namespace Pvi.EventsTestApp;

/// <summary>
/// A publisher or subscriber of <see cref="EchoRecorded"/> on the real events building block, for the
/// events tests (in process, or as a real process) and the events benchmark.
/// </summary>
public static class EventsTestApp
{
    public const string Topic = "echo.recorded";
    public const string Publisher = "echo-publisher";
    public const string Subscriber = "echo-subscriber";

    public static EventCatalog Catalog { get; } = new([new EventTopic(Topic, EchoRecorded.Descriptor, Publisher, [Subscriber])]);

    /// <summary>Starts the app in process on real sockets and waits until its database is ready.</summary>
    /// <param name="time">A clock to inject instead of the system's.</param>
    public static async Task<Pvi.TestSupport.TestHost> StartAsync(Dictionary<string, string?> settings, TimeProvider? time = null)
    {
        var host = await Pvi.TestSupport.TestHost.StartAsync(
            builder =>
            {
                builder.AddEventsTestApp();
                if (time is not null)
                {
                    builder.Services.AddSingleton(time);
                }
            },
            app => app.MapEventsTestApp(),
            settings: settings);
        var database = host.App.Services.GetRequiredService<DatabaseInitialization<EventsDbContext>>();
        try
        {
            await Pvi.TestSupport.Eventually.UntilAsync(() => database.Completed, TimeSpan.FromSeconds(60), () => "the events test app's database is ready", TimeSpan.FromMilliseconds(20));
        }
        catch (TimeoutException)
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    public static void AddEventsTestApp(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<EventsDbContext>("events");
        builder.AddIntegrationEvents<EventsDbContext>(Catalog);
        builder.Services.AddSingleton<HandlerFaults>();
        if (builder.Configuration["Events:AppId"] == Subscriber)
        {
            builder.AddIntegrationEventHandler<EchoRecorded, RecordEcho>();
        }
    }

    public static void MapEventsTestApp(this WebApplication app)
    {
        app.MapIntegrationEvents();

        // Publisher: commit `count` facts for `aggregates` aggregates, each with its event.
        app.MapPost("/test/publish", async (int count, int aggregates, EventsDbContext db, IOutbox outbox, TimeProvider time) =>
        {
            // Each aggregate's facts are numbered on from what it already has.
            var sequences = await db.Notes.GroupBy(n => n.AggregateId).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => (long)g.Count);
            for (var i = 0; i < count; i++)
            {
                var aggregate = $"aggregate-{i % Math.Max(1, aggregates)}";
                var note = new Note { AggregateId = aggregate, Text = $"fact {i}" };
                db.Notes.Add(note);
                var sequence = sequences[aggregate] = sequences.GetValueOrDefault(aggregate) + 1;
                outbox.Enqueue(aggregate, new EchoRecorded
                {
                    AggregateId = aggregate,
                    Sequence = sequence,
                    Text = note.Text,
                    CommittedAtUnixMicroseconds = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10,
                });
                if ((i + 1) % 500 == 0 || i == count - 1)
                {
                    await db.RunAsync(ct => db.SaveChangesAsync(ct), CancellationToken.None);
                }
            }

            return Results.Ok(new { committed = count });
        }).AllowAnonymous();

        // Subscriber: how many facts were applied, and whether every aggregate's arrived in order.
        app.MapGet("/test/received", async (EventsDbContext db) =>
        {
            var received = await db.Received.AsNoTracking().OrderBy(r => r.Arrival).ToListAsync();
            var inOrder = received.GroupBy(r => r.AggregateId).All(g => g.Select(r => r.Sequence).SequenceEqual(Enumerable.Range(1, g.Count()).Select(n => (long)n)));
            return Results.Ok(new { count = received.Count, distinct = received.Select(r => r.MessageId).Distinct().Count(), inOrder });
        }).AllowAnonymous();

        app.MapGet("/test/pending", async (EventsDbContext db) =>
            Results.Ok(new { pending = await db.Set<OutboxMessage>().CountAsync(m => m.PublishedAt == null) })).AllowAnonymous();
    }
}

public sealed class EventsDbContext(DbContextOptions<EventsDbContext> options) : DbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();

    public DbSet<ReceivedEcho> Received => Set<ReceivedEcho>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddIntegrationEventTables();
        modelBuilder.Entity<Note>().ToTable("notes").HasKey(n => n.Id);
        modelBuilder.Entity<ReceivedEcho>(received =>
        {
            received.ToTable("received");
            received.HasKey(r => r.Arrival);
            received.Property(r => r.Arrival).ValueGeneratedOnAdd();
        });
    }
}

/// <summary>Publisher state: a fact about an aggregate.</summary>
public sealed class Note
{
    public int Id { get; set; }

    public required string AggregateId { get; set; }

    public required string Text { get; set; }
}

/// <summary>Subscriber effect: one row per applied event, numbered in arrival order.</summary>
public sealed class ReceivedEcho
{
    public long Arrival { get; set; }

    public required string MessageId { get; set; }

    public required string AggregateId { get; set; }

    public long Sequence { get; set; }

    public long LatencyMicroseconds { get; set; }
}

/// <summary>Failures the tests make a handler suffer: for an aggregate, fail a number of times or always.</summary>
public sealed class HandlerFaults
{
    private readonly ConcurrentDictionary<string, int> _remaining = new();
    private int _thrown;

    /// <summary>How many times a fault was thrown.</summary>
    public int Thrown => Volatile.Read(ref _thrown);

    public void FailTimes(string aggregate, int times) => _remaining[aggregate] = times;

    public void FailAlways(string aggregate) => _remaining[aggregate] = int.MaxValue;

    public void Clear() => _remaining.Clear();

    public void ThrowIfFaulty(string aggregate)
    {
        if (_remaining.TryGetValue(aggregate, out var left) && left > 0)
        {
            _remaining[aggregate] = left == int.MaxValue ? left : left - 1;
            Interlocked.Increment(ref _thrown);
            throw new InvalidOperationException($"Handler fault for {aggregate}");
        }
    }
}

public sealed class RecordEcho(EventsDbContext db, HandlerFaults faults, TimeProvider time) : IIntegrationEventHandler<EchoRecorded>
{
    public Task HandleAsync(EchoRecorded @event, IntegrationEventContext context, CancellationToken cancellationToken)
    {
        faults.ThrowIfFaulty(@event.AggregateId);
        db.Received.Add(new ReceivedEcho
        {
            MessageId = context.Id,
            AggregateId = @event.AggregateId,
            Sequence = @event.Sequence,
            LatencyMicroseconds = ((time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10) - @event.CommittedAtUnixMicroseconds,
        });
        return Task.CompletedTask;
    }
}
