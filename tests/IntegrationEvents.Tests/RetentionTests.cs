using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pvi.EventsTestApp;
using Microsoft.Extensions.Time.Testing;
using Pvi.IntegrationEvents.Model;
using Pvi.ServiceData;
using Pvi.TestSupport;

namespace Pvi.IntegrationEvents.Tests;

/// <summary>Published entries and processed ids are cleaned up after the retention period, pending ones never.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RetentionTests(PostgresServer postgres)
{
    [Theory]
    [InlineData(EventApps.Sqlite)]
    [InlineData(EventApps.Postgres)]
    public async Task Published_entries_and_processed_ids_go_after_the_retention_period_and_pending_entries_stay(string provider)
    {
        var apps = new EventApps(postgres);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var retention = new Dictionary<string, string?> { ["Events:Retention"] = "14.00:00:00", ["Events:CleanupInterval"] = "01:00:00" };
        await using var subscriber = await EventApps.StartSubscriberAsync(await apps.DatabaseAsync(provider, "sub"), retention, clock);
        await using var publisher = await EventApps.StartPublisherAsync(await apps.DatabaseAsync(provider, "pub"), subscriber.Http, retention, clock);

        await EventApps.PublishAsync(publisher, count: 5, aggregates: 1);
        await EventApps.WaitUntilAsync(publisher, async db => await db.Set<OutboxMessage>().AllAsync(m => m.PublishedAt != null), TimeSpan.FromSeconds(30));
        await EventApps.WaitUntilAsync(subscriber, async db => await db.Set<ProcessedMessage>().CountAsync() == 5, TimeSpan.FromSeconds(30));

        // An entry still waiting (backing off until far in the future) must survive any clean-up.
        await EventApps.QueryAsync(publisher, db => db.RunAsync(async ct =>
        {
            db.Set<OutboxMessage>().Add(new OutboxMessage
            {
                EventId = Guid.NewGuid(),
                Topic = EventsTestApp.EventsTestApp.Topic,
                EventType = "pvi.echo.v1.EchoRecorded",
                Subject = "waiting",
                CloudEvent = "{}",
                CreatedAt = clock.GetUtcNow().UtcDateTime,
                NextAttemptAt = clock.GetUtcNow().UtcDateTime.AddYears(1),
            });
            return await db.SaveChangesAsync(ct);
        }, CancellationToken.None));

        clock.Advance(TimeSpan.FromDays(13));
        await CleanUpAsync(publisher);
        await CleanUpAsync(subscriber);
        Assert.Equal(6, await EventApps.QueryAsync(publisher, db => db.Set<OutboxMessage>().CountAsync()));
        Assert.Equal(5, await EventApps.QueryAsync(subscriber, db => db.Set<ProcessedMessage>().CountAsync()));

        clock.Advance(TimeSpan.FromDays(2));
        await CleanUpAsync(publisher);
        await CleanUpAsync(subscriber);
        Assert.Equal(1, await EventApps.QueryAsync(publisher, db => db.Set<OutboxMessage>().CountAsync()));
        Assert.Equal(0, await EventApps.QueryAsync(subscriber, db => db.Set<ProcessedMessage>().CountAsync()));

        var left = await EventApps.QueryAsync(publisher, db => db.Set<OutboxMessage>().SingleAsync());
        Assert.Equal("waiting", left.Subject);
        Assert.Null(left.PublishedAt);
        Assert.Equal(5, await EventApps.ReceivedAsync(subscriber));
    }

    private static Task CleanUpAsync(TestHost host) =>
        host.App.Services.GetRequiredService<Pvi.IntegrationEvents.Publishing.OutboxRelay<EventsDbContext>>().CleanupAsync(CancellationToken.None);
}
