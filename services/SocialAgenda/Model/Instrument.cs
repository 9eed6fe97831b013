namespace Pvi.SocialAgenda.Model;

/// <summary>A versioned questionnaire; once published it never changes.</summary>
public sealed class Instrument
{
    public required string Id { get; init; }

    public required string Code { get; init; }

    /// <summary>The instrument's version among those of its code (1, 2, ...).</summary>
    public int Version { get; init; }

    public required string Title { get; set; }

    public InstrumentState State { get; set; } = InstrumentState.Draft;

    public List<QuestionDefinition> Questions { get; set; } = [];

    public string? CreatedBy { get; init; }

    public string? ClientRequestId { get; init; }

    public string? Fingerprint { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? PublishedAt { get; set; }

    /// <summary>Optimistic concurrency.</summary>
    public int Revision { get; set; }
}
