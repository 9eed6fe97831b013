using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Pvi.IntegrationEvents.Model;
using Pvi.TestSupport;

namespace Pvi.IntegrationEvents.Tests;

/// <summary>ARCHITECTURE.md "Events": one trace spans the publishing request, the relay and the subscriber.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TraceContinuationTests(PostgresServer postgres)
{
    [Fact]
    public async Task The_trace_continues_from_the_publishing_request_through_the_relay_into_the_handler()
    {
        var apps = new EventApps(postgres);
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is IntegrationEventsTelemetry.Name or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var subscriber = await EventApps.StartSubscriberAsync(await apps.DatabaseAsync(EventApps.Sqlite, "sub"));
        await using var publisher = await EventApps.StartPublisherAsync(await apps.DatabaseAsync(EventApps.Sqlite, "pub"), subscriber.Http);

        using (var caller = new Activity("intranet-front-end").Start())
        {
            await EventApps.PublishAsync(publisher, count: 1, aggregates: 1);
        }

        await EventApps.WaitUntilAsync(subscriber, async db => await db.Received.CountAsync() == 1, TimeSpan.FromSeconds(30));
        // Spans end after the work they cover: the handler's request span after its response.
        var publish = await StoppedAsync(activities, a => a.Source.Name == "Microsoft.AspNetCore" && a.DisplayName.Contains("/test/publish", StringComparison.Ordinal));
        var relay = await StoppedAsync(activities, a => a.Source.Name == IntegrationEventsTelemetry.Name);
        var handler = await StoppedAsync(activities, a => a.Source.Name == "Microsoft.AspNetCore" && a.DisplayName.Contains("/events/", StringComparison.Ordinal));

        Assert.Equal(publish.TraceId, relay.TraceId);
        Assert.Equal(publish.TraceId, handler.TraceId);
        Assert.Equal(ActivityKind.Producer, relay.Kind);
        Assert.Equal(publish.SpanId, relay.ParentSpanId);
    }

    private static async Task<Activity> StoppedAsync(ConcurrentQueue<Activity> activities, Func<Activity, bool> match)
    {
        Activity? found = null;
        await Eventually.UntilAsync(() => (found = activities.FirstOrDefault(match)) is not null, TimeSpan.FromSeconds(30), () => "the span was recorded");
        return found!;
    }
}
