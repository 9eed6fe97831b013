namespace Pvi.IntegrationEvents.Model;

/// <summary>A CloudEvent a handler has applied; written in the handler's own transaction.</summary>
public sealed class ProcessedMessage
{
    public required string MessageId { get; set; }

    public required string Handler { get; set; }

    public DateTime ProcessedAt { get; set; }
}
