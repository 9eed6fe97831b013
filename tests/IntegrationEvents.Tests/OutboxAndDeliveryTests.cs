using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pvi.Echo.V1;
using Pvi.EventsTestApp;
using Pvi.IntegrationEvents.Model;
using Pvi.IntegrationEvents.Publishing;
using Pvi.IntegrationEvents.Subscribing;
using Pvi.ServiceData;
using Pvi.TestSupport;

namespace Pvi.IntegrationEvents.Tests;

/// <summary>ARCHITECTURE.md "Events: nothing lost, nothing applied twice", on SQLite and on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OutboxAndDeliveryTests(PostgresServer postgres)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(60);
    private readonly EventApps _apps = new(postgres);

    [Theory]
    [InlineData(EventApps.Sqlite)]
    [InlineData(EventApps.Postgres)]
    public async Task A_failing_state_change_leaves_no_event_and_a_committed_one_always_has_its_event(string provider)
    {
        await using var subscriber = await EventApps.StartSubscriberAsync(await _apps.DatabaseAsync(provider, "sub"));
        await using var publisher = await EventApps.StartPublisherAsync(await _apps.DatabaseAsync(provider, "pub"), subscriber.Http);

        await using (var scope = publisher.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
            var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
            await db.RunAsync(ct =>
            {
                db.Notes.Add(new Note { Id = 7, AggregateId = "a", Text = "first" });
                return db.SaveChangesAsync(ct);
            }, CancellationToken.None);
            db.ChangeTracker.Clear();

            // Same key again: the state change fails, and its event with it.
            await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.RunAsync(ct =>
            {
                db.Notes.Add(new Note { Id = 7, AggregateId = "a", Text = "clash" });
                outbox.Enqueue("a", new EchoRecorded { AggregateId = "a", Sequence = 1 });
                return db.SaveChangesAsync(ct);
            }, CancellationToken.None));
        }

        Assert.Equal(0, await EventApps.QueryAsync(publisher, db => db.Set<OutboxMessage>().CountAsync()));

        await EventApps.PublishAsync(publisher, count: 3, aggregates: 1);

        Assert.Equal(3, await EventApps.QueryAsync(publisher, db => db.Set<OutboxMessage>().CountAsync()));
        await EventApps.WaitUntilAsync(subscriber, async db => await db.Received.CountAsync() == 3, Delivery);
        await EventApps.WaitUntilAsync(publisher, async db => await db.Set<OutboxMessage>().AllAsync(m => m.PublishedAt != null), Delivery);
    }

    [Fact]
    public async Task A_commit_to_an_idle_relay_is_relayed_at_once_without_waiting_for_the_relay_window()
    {
        // A window and a poll far longer than the test's bound: only a relay that goes at once delivers in time.
        var slow = new Dictionary<string, string?> { ["Events:RelayWindow"] = "00:10:00", ["Events:PollInterval"] = "00:10:00" };
        await using var subscriber = await EventApps.StartSubscriberAsync(await _apps.DatabaseAsync(EventApps.Sqlite, "sub"));
        await using var publisher = await EventApps.StartPublisherAsync(await _apps.DatabaseAsync(EventApps.Sqlite, "pub"), subscriber.Http, slow);

        await EventApps.PublishAsync(publisher, count: 1, aggregates: 1);

        await EventApps.WaitUntilAsync(subscriber, async db => await db.Received.CountAsync() == 1, Delivery);
        await EventApps.WaitUntilAsync(publisher, async db => await db.Set<OutboxMessage>().AllAsync(m => m.PublishedAt != null), Delivery);
    }

    [Theory]
    [InlineData(EventApps.Sqlite)]
    [InlineData(EventApps.Postgres)]
    public async Task An_event_committed_before_a_crash_is_delivered_exactly_once_after_restart(string provider)
    {
        var subscriberDatabase = await _apps.DatabaseAsync(provider, "sub");
        var publisherDatabase = await _apps.DatabaseAsync(provider, "pub");
        var subscriberPort = FreePort.Next();
        var subscriberAddress = new Uri($"http://127.0.0.1:{subscriberPort}");

        // Committed while the subscriber is away: the relay cannot publish before its host stops.
        await using (var publisher = await EventApps.StartPublisherAsync(publisherDatabase, subscriberAddress))
        {
            await EventApps.PublishAsync(publisher, count: 5, aggregates: 2);
            Assert.Equal(5, await EventApps.PendingAsync(publisher));
        }

        await using var subscriber = await EventApps.StartSubscriberAsync(subscriberDatabase, new() { ["Endpoints:Http"] = subscriberAddress.ToString() });
        await using (var restarted = await EventApps.StartPublisherAsync(publisherDatabase, subscriberAddress))
        {
            await EventApps.WaitUntilAsync(restarted, async db => await db.Set<OutboxMessage>().AllAsync(m => m.PublishedAt != null), Delivery);
            await EventApps.WaitUntilAsync(subscriber, async db => await db.Received.CountAsync() == 5, Delivery);

            // A crash after publishing but before marking: the entries go out again after restart.
            await EventApps.QueryAsync(restarted, db => db.RunAsync(ct => db.Set<OutboxMessage>().ExecuteUpdateAsync(s => s.SetProperty(m => m.PublishedAt, (DateTime?)null), ct), CancellationToken.None));
        }

        await using var again = await EventApps.StartPublisherAsync(publisherDatabase, subscriberAddress);
        await EventApps.WaitUntilAsync(again, async db => await db.Set<OutboxMessage>().AllAsync(m => m.PublishedAt != null), Delivery);

        Assert.Equal(5, await EventApps.ReceivedAsync(subscriber));
        Assert.Equal(5, await EventApps.QueryAsync(subscriber, db => db.Set<ProcessedMessage>().CountAsync()));
    }

    [Theory]
    [InlineData(EventApps.Sqlite, "RETRY")]
    [InlineData(EventApps.Sqlite, "500")]
    [InlineData(EventApps.Postgres, "RETRY")]
    [InlineData(EventApps.Postgres, "500")]
    public async Task A_subscriber_that_fails_three_times_then_succeeds_applies_the_event_once(string provider, string failure)
    {
        await using var subscriber = await StartFailingSubscriberAsync(provider, failure, times: 3);
        await using var publisher = await EventApps.StartPublisherAsync(await _apps.DatabaseAsync(provider, "pub"), subscriber.Host.Http);

        await EventApps.PublishAsync(publisher, count: 1, aggregates: 1);

        await EventApps.WaitUntilAsync(publisher, async db => await db.Set<OutboxMessage>().AllAsync(m => m.PublishedAt != null), Delivery);
        var entry = await EventApps.QueryAsync(publisher, db => db.Set<OutboxMessage>().SingleAsync());
        Assert.Equal(1, await EventApps.ReceivedAsync(subscriber.Host));
        Assert.True(subscriber.Failures() >= 3, $"failed {subscriber.Failures()} times");
        Assert.NotNull(entry.PublishedAt);
    }

    [Theory]
    [InlineData(EventApps.Sqlite)]
    [InlineData(EventApps.Postgres)]
    public async Task The_same_CloudEvent_delivered_twice_and_concurrently_is_applied_once(string provider)
    {
        await using var subscriber = await EventApps.StartSubscriberAsync(await _apps.DatabaseAsync(provider, "sub"));
        var cloudEvent = CloudEvents.Create(Guid.CreateVersion7(), "/pvi/echo-publisher", EventsTestApp.EventsTestApp.Topic, "pubsub", "a",
            new EchoRecorded { AggregateId = "a", Sequence = 1 }, DateTime.UtcNow, null);
        using var http = new HttpClient { BaseAddress = subscriber.Http };

        async Task<string> Deliver()
        {
            using var content = new StringContent(cloudEvent, Encoding.UTF8, CloudEvents.ContentType);
            using var response = await http.PostAsync($"/events/{EventsTestApp.EventsTestApp.Topic}", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Deliver()));
        var later = await Deliver();

        Assert.All(concurrent.Append(later), answer => Assert.Contains("SUCCESS", answer, StringComparison.Ordinal));
        Assert.Equal(1, await EventApps.ReceivedAsync(subscriber));
    }

    [Theory]
    [InlineData(EventApps.Sqlite)]
    [InlineData(EventApps.Postgres)]
    public async Task A_poison_message_goes_to_the_dead_letters_while_a_thousand_others_flow_and_replays_once_fixed(string provider)
    {
        await using var subscriber = await EventApps.StartSubscriberAsync(await _apps.DatabaseAsync(provider, "sub"));
        await using var publisher = await EventApps.StartPublisherAsync(await _apps.DatabaseAsync(provider, "pub"), subscriber.Http);
        var faults = subscriber.App.Services.GetRequiredService<HandlerFaults>();
        // The poison: aggregate-0's first fact fails every attempt the subscriber makes (4) and no more,
        // so that its later facts, which wait behind it, are applied once it is set aside.
        faults.FailTimes("aggregate-0", 4);

        // 1,001 facts over 50 aggregates: aggregate-0's first is the poison, its later ones wait behind it.
        await EventApps.PublishAsync(publisher, count: 1001, aggregates: 50);

        await EventApps.WaitUntilAsync(subscriber, async db => await db.Set<DeadLetter>().CountAsync() >= 1, Delivery);
        faults.Clear();
        await EventApps.WaitUntilAsync(publisher, async db => await db.Set<OutboxMessage>().AllAsync(m => m.PublishedAt != null), Delivery);
        Assert.Equal(1000, await EventApps.ReceivedAsync(subscriber));

        await using var scope = subscriber.App.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<DeadLetterStore<EventsDbContext>>();
        var letter = Assert.Single(await store.ListAsync(10, CancellationToken.None));
        Assert.Equal(EchoRecorded.Descriptor.FullName, letter.EventType);
        Assert.Contains("failed 4 times", letter.Reason, StringComparison.Ordinal);

        Assert.True(await store.ReplayAsync(letter.Id, CancellationToken.None));
        Assert.True(await store.ReplayAsync(letter.Id, CancellationToken.None));
        Assert.Equal(1001, await EventApps.ReceivedAsync(subscriber));
        Assert.Empty(await store.ListAsync(10, CancellationToken.None));
    }

    [Theory]
    [InlineData(EventApps.Sqlite)]
    [InlineData(EventApps.Postgres)]
    public async Task Ten_thousand_events_over_a_hundred_aggregates_arrive_in_order_per_aggregate_none_lost_none_twice(string provider)
    {
        await using var subscriber = await EventApps.StartSubscriberAsync(await _apps.DatabaseAsync(provider, "sub"));
        await using var publisher = await EventApps.StartPublisherAsync(await _apps.DatabaseAsync(provider, "pub"), subscriber.Http);
        var faults = subscriber.App.Services.GetRequiredService<HandlerFaults>();
        // A few transient failures on the way must not reorder anything.
        faults.FailTimes("aggregate-3", 2);
        faults.FailTimes("aggregate-42", 1);

        await EventApps.PublishAsync(publisher, count: 10_000, aggregates: 100);

        await EventApps.WaitUntilAsync(subscriber, async db => await db.Received.CountAsync() >= 10_000, TimeSpan.FromMinutes(4));
        var received = await EventApps.QueryAsync(subscriber, db => db.Received.AsNoTracking().OrderBy(r => r.Arrival).ToListAsync());

        Assert.Equal(10_000, received.Count);
        Assert.Equal(10_000, received.Select(r => r.MessageId).Distinct().Count());
        Assert.All(received.GroupBy(r => r.AggregateId), aggregate =>
            Assert.Equal(Enumerable.Range(1, 100).Select(n => (long)n), aggregate.Select(r => r.Sequence)));
    }

    private async Task<FailingSubscriber> StartFailingSubscriberAsync(string provider, string failure, int times)
    {
        var database = await _apps.DatabaseAsync(provider, "sub");
        var failures = 0;
        if (failure == "RETRY")
        {
            var host = await EventApps.StartSubscriberAsync(database);
            var faults = host.App.Services.GetRequiredService<HandlerFaults>();
            faults.FailTimes("aggregate-0", times);
            return new FailingSubscriber(host, () => faults.Thrown);
        }

        // Answers 500 to the first deliveries before the handler sees them.
        var settings = new Dictionary<string, string?>(database)
        {
            ["Events:AppId"] = EventsTestApp.EventsTestApp.Subscriber,
            ["Events:MaxHandlerAttempts"] = "4",
        };
        var failing = await TestHost.StartAsync(
            builder => builder.AddEventsTestApp(),
            app =>
            {
                app.Use(async (context, next) =>
                {
                    if (context.Request.Path.StartsWithSegments("/events") && Interlocked.Increment(ref failures) <= times)
                    {
                        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                        return;
                    }

                    await next();
                });
                app.MapEventsTestApp();
            },
            settings: settings);
        return new FailingSubscriber(failing, () => Math.Min(failures, times));
    }

    private sealed class FailingSubscriber(TestHost host, Func<int> failures) : IAsyncDisposable
    {
        public TestHost Host { get; } = host;

        public int Failures() => failures();

        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }
}

/// <summary>deploy/kubernetes runs two replicas of every service on one PostgreSQL database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaTests(PostgresServer postgres)
{
    [Fact]
    public async Task Two_replicas_relaying_one_PostgreSQL_outbox_deliver_each_event_once_and_in_order()
    {
        var duplicates = 0L;
        using var meters = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == IntegrationEventsTelemetry.Name && instrument.Name == "pvi.events.duplicates")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref duplicates, value));
        meters.Start();
        var apps = new EventApps(postgres);
        await using var subscriber = await EventApps.StartSubscriberAsync(await apps.DatabaseAsync(EventApps.Postgres, "sub"));
        var shared = await apps.DatabaseAsync(EventApps.Postgres, "pub");
        await using var first = await EventApps.StartPublisherAsync(shared, subscriber.Http);
        await using var second = await EventApps.StartPublisherAsync(shared, subscriber.Http);

        // Both relays run while both replicas commit, one after the other.
        await EventApps.PublishAsync(first, count: 1500, aggregates: 15);
        await EventApps.PublishAsync(second, count: 1500, aggregates: 15);

        await EventApps.WaitUntilAsync(subscriber, async db => await db.Received.CountAsync() >= 3000, TimeSpan.FromMinutes(2));
        await EventApps.WaitUntilAsync(first, async db => await db.Set<OutboxMessage>().AllAsync(m => m.PublishedAt != null), TimeSpan.FromMinutes(1));
        var received = await EventApps.QueryAsync(subscriber, db => db.Received.AsNoTracking().OrderBy(r => r.Arrival).ToListAsync());
        var committed = await EventApps.QueryAsync(first, db => db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Sequence).ToListAsync());

        Assert.Equal(3000, received.Count);
        Assert.Equal(0, Interlocked.Read(ref duplicates));
        foreach (var aggregate in committed.GroupBy(m => m.Subject))
        {
            var arrived = received.Where(r => r.AggregateId == aggregate.Key).Select(r => r.MessageId);
            Assert.Equal(aggregate.Select(m => m.EventId.ToString()), arrived);
        }
    }
}

/// <summary>Only the relay (or the Dapr sidecar) may deliver: the event endpoints require the app token when one is set.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AppTokenTests(PostgresServer postgres)
{
    [Fact]
    public async Task Event_endpoints_refuse_deliveries_without_the_app_token_and_the_relay_presents_it()
    {
        var apps = new EventApps(postgres);
        var token = new Dictionary<string, string?> { ["Events:AppApiToken"] = "a-token-shared-by-the-suite" };
        await using var subscriber = await EventApps.StartSubscriberAsync(await apps.DatabaseAsync(EventApps.Sqlite, "sub"), token);
        await using var publisher = await EventApps.StartPublisherAsync(await apps.DatabaseAsync(EventApps.Sqlite, "pub"), subscriber.Http, token);
        var cloudEvent = CloudEvents.Create(Guid.CreateVersion7(), "/pvi/intruder", EventsTestApp.EventsTestApp.Topic, "pubsub", "a",
            new EchoRecorded { AggregateId = "forged", Sequence = 1 }, DateTime.UtcNow, null);
        using var http = new HttpClient { BaseAddress = subscriber.Http };

        using var forged = await http.PostAsync($"/events/{EventsTestApp.EventsTestApp.Topic}", new StringContent(cloudEvent, Encoding.UTF8, CloudEvents.ContentType));
        await EventApps.PublishAsync(publisher, count: 2, aggregates: 1);
        await EventApps.WaitUntilAsync(subscriber, async db => await db.Received.CountAsync() == 2, TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(0, await EventApps.QueryAsync(subscriber, db => db.Received.CountAsync(r => r.AggregateId == "forged")));
    }
}
