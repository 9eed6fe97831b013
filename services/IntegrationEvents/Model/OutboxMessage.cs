namespace Pvi.IntegrationEvents.Model;

/// <summary>An event committed with the state change that caused it, until the relay has published it. Times are UTC.</summary>
public sealed class OutboxMessage
{
    /// <summary>Commit order; the relay publishes in this order per subject.</summary>
    public long Sequence { get; set; }

    public Guid EventId { get; set; }

    public required string Topic { get; set; }

    public required string EventType { get; set; }

    /// <summary>The aggregate the event is about (CloudEvent <c>subject</c>).</summary>
    public required string Subject { get; set; }

    /// <summary>The whole CloudEvent, as JSON.</summary>
    public required string CloudEvent { get; set; }

    public DateTime CreatedAt { get; set; }

    public int Attempts { get; set; }

    public DateTime? NextAttemptAt { get; set; }

    public DateTime? PublishedAt { get; set; }

    public string? LastError { get; set; }
}
