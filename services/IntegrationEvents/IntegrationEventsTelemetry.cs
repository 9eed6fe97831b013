using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Pvi.IntegrationEvents;

/// <summary>Traces and metrics of the events building block (picked up by the service defaults as Pvi.*).</summary>
public static class IntegrationEventsTelemetry
{
    public const string Name = "Pvi.IntegrationEvents";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);
    private static readonly ConcurrentDictionary<string, OutboxState> Outboxes = new();

    public static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("pvi.events.deliveries", description: "Outbox entries delivered");
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("pvi.events.retries", description: "Delivery attempts that will be retried");
    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("pvi.events.dead_letters", description: "Messages sent to the dead letters");
    public static readonly Counter<long> Handled = Meter.CreateCounter<long>("pvi.events.handled", description: "Messages applied by a handler");
    public static readonly Counter<long> Duplicates = Meter.CreateCounter<long>("pvi.events.duplicates", description: "Messages acknowledged as already applied");

    static IntegrationEventsTelemetry()
    {
        Meter.CreateObservableGauge("pvi.events.outbox.pending", () =>
            Outboxes.Select(o => new Measurement<long>(o.Value.Pending, new KeyValuePair<string, object?>("outbox", o.Key))),
            description: "Outbox entries not yet published");
        Meter.CreateObservableGauge("pvi.events.outbox.oldest_pending_age", () =>
            Outboxes.Select(o => new Measurement<double>(o.Value.OldestPendingAgeSeconds, new KeyValuePair<string, object?>("outbox", o.Key))),
            unit: "s", description: "Age of the oldest outbox entry not yet published");
    }

    internal static OutboxState OutboxOf(string name) => Outboxes.GetOrAdd(name, _ => new OutboxState());

    internal sealed class OutboxState
    {
        public long Pending { get; set; }

        public double OldestPendingAgeSeconds { get; set; }
    }
}
