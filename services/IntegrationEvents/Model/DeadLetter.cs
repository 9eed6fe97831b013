namespace Pvi.IntegrationEvents.Model;

/// <summary>A message that could not be handled; kept to be looked at and replayed.</summary>
public sealed class DeadLetter
{
    public Guid Id { get; set; }

    public required string MessageId { get; set; }

    public required string EventType { get; set; }

    public string? Subject { get; set; }

    /// <summary>The event's data (JSON), as the handler receives it.</summary>
    public required string Data { get; set; }

    public required string Reason { get; set; }

    public DateTime DeadLetteredAt { get; set; }

    public DateTime? ReplayedAt { get; set; }
}
