namespace Pvi.IntegrationEvents.Model;

/// <summary>Failed attempts of a handler on a message, to bound its retries.</summary>
public sealed class HandlerAttempt
{
    public required string MessageId { get; set; }

    public required string Handler { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTime LastAttemptAt { get; set; }
}
