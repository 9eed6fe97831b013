using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pvi.Echo.V1;
using Pvi.EventsTestApp;
using Pvi.IntegrationEvents.Model;
using Pvi.TestSupport;

namespace Pvi.IntegrationEvents.Tests;

/// <summary>ARCHITECTURE.md "Two ways to run": behind Dapr the relay publishes through the sidecar's pub/sub API.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DaprTransportTests(PostgresServer postgres)
{
    private readonly EventApps _apps = new(postgres);

    [Theory]
    [InlineData(EventApps.Sqlite)]
    [InlineData(EventApps.Postgres)]
    public async Task Publishes_the_stored_CloudEvent_to_the_configured_pubsub_and_topic(string provider)
    {
        var publications = new SidecarPublications();
        await using var sidecar = await StartSidecarAsync(publications);
        await using var publisher = await StartDaprPublisherAsync(provider, sidecar);

        await EventApps.PublishAsync(publisher, count: 3, aggregates: 2);
        await EventApps.WaitUntilAsync(publisher, async db => await db.Set<OutboxMessage>().AllAsync(m => m.PublishedAt != null), TimeSpan.FromSeconds(30));

        var outbox = await EventApps.QueryAsync(publisher, db => db.Set<OutboxMessage>().OrderBy(m => m.Sequence).ToListAsync());
        var requests = publications.Requests.ToList();
        Assert.Equal(3, requests.Count);
        foreach (var (request, entry) in requests.OrderBy(r => Id(r)).Zip(outbox.OrderBy(o => o.EventId.ToString())))
        {
            Assert.Equal("pvi-pubsub", request.PubsubName);
            Assert.Equal(EventsTestApp.EventsTestApp.Topic, request.Topic);
            Assert.Equal("application/cloudevents+json", request.DataContentType);
            using var cloudEvent = JsonDocument.Parse(request.Data.ToStringUtf8());
            var root = cloudEvent.RootElement;
            Assert.Equal("1.0", root.GetProperty("specversion").GetString());
            Assert.Equal(entry.EventId.ToString(), root.GetProperty("id").GetString());
            Assert.Equal("/pvi/echo-publisher", root.GetProperty("source").GetString());
            Assert.Equal(EchoRecorded.Descriptor.FullName, root.GetProperty("type").GetString());
            Assert.Equal(entry.Subject, root.GetProperty("subject").GetString());
            Assert.Equal("application/json", root.GetProperty("datacontenttype").GetString());
            Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", root.GetProperty("traceparent").GetString());
            Assert.True(DateTime.TryParse(root.GetProperty("time").GetString(), out _));
            Assert.Equal(entry.Subject, root.GetProperty("data").GetProperty("aggregateId").GetString());
        }
    }

    [Theory]
    [InlineData(EventApps.Sqlite)]
    [InlineData(EventApps.Postgres)]
    public async Task An_unavailable_sidecar_leaves_entries_pending_and_they_are_published_when_it_returns(string provider)
    {
        var publications = new SidecarPublications { Available = false };
        var retries = 0L;
        var pendingSeen = 0L;
        using var meters = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == IntegrationEventsTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "pvi.events.retries")
            {
                Interlocked.Add(ref retries, value);
            }
            else if (instrument.Name == "pvi.events.outbox.pending")
            {
                Interlocked.Exchange(ref pendingSeen, Math.Max(Interlocked.Read(ref pendingSeen), value));
            }
        });
        meters.Start();
        await using var sidecar = await StartSidecarAsync(publications);
        await using var publisher = await StartDaprPublisherAsync(provider, sidecar);

        await EventApps.PublishAsync(publisher, count: 4, aggregates: 4);
        await EventApps.WaitUntilAsync(publisher, async db => await db.Set<OutboxMessage>().AllAsync(m => m.Attempts >= 2), TimeSpan.FromSeconds(30));
        Assert.Equal(4, await EventApps.PendingAsync(publisher));
        Assert.Empty(publications.Requests);
        meters.RecordObservableInstruments();
        Assert.True(Interlocked.Read(ref retries) >= 8, $"retries counted: {retries}");
        Assert.Equal(4, Interlocked.Read(ref pendingSeen));

        publications.Available = true;
        await EventApps.WaitUntilAsync(publisher, async db => await db.Set<OutboxMessage>().AllAsync(m => m.PublishedAt != null), TimeSpan.FromSeconds(30));

        Assert.True(publications.Refused >= 8, $"refused {publications.Refused}");
        Assert.Equal(4, publications.Requests.Select(Id).Distinct().Count());
    }

    private static string Id(Dapr.Client.Autogen.Grpc.v1.PublishEventRequest request)
    {
        using var json = JsonDocument.Parse(request.Data.ToStringUtf8());
        return json.RootElement.GetProperty("id").GetString()!;
    }

    private static Task<TestHost> StartSidecarAsync(SidecarPublications publications) =>
        TestHost.StartAsync(
            builder => builder.Services.AddSingleton(publications),
            app => app.MapGrpcService<DaprSidecarStandIn>().AllowAnonymous());

    private async Task<TestHost> StartDaprPublisherAsync(string provider, TestHost sidecar) =>
        await EventApps.StartAsync(EventsTestApp.EventsTestApp.Publisher, await _apps.DatabaseAsync(provider, "pub"), new()
        {
            ["Events:Transport"] = "Dapr",
            ["Events:PubSubName"] = "pvi-pubsub",
            ["DAPR_GRPC_ENDPOINT"] = sidecar.Grpc.ToString().TrimEnd('/'),
        });
}
