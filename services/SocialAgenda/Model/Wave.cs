namespace Pvi.SocialAgenda.Model;

/// <summary>The survey of one year.</summary>
public sealed class Wave
{
    public required string Id { get; init; }

    public int Year { get; init; }

    public required string Title { get; init; }

    public required string InstrumentId { get; init; }

    public WaveState State { get; set; } = WaveState.Draft;

    public string? CreatedBy { get; init; }

    public string? ClientRequestId { get; init; }

    public string? Fingerprint { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? OpenedAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    /// <summary>The responses counted at closing.</summary>
    public int Responses { get; set; }

    /// <summary>The thresholds the published results were suppressed with.</summary>
    public int ScoreThreshold { get; set; }

    public int CommentThreshold { get; set; }

    /// <summary>Optimistic concurrency.</summary>
    public int Revision { get; set; }
}
