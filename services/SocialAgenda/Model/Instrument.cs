using System.Text.Json.Serialization;

namespace Pvi.SocialAgenda.Model;

public enum InstrumentState
{
    Draft = 1,
    Published = 2,
}

[JsonConverter(typeof(JsonStringEnumConverter<QuestionKind>))]
public enum QuestionKind
{
    Scale = 1,
    Comment = 2,
}

[JsonConverter(typeof(JsonStringEnumConverter<Dimension>))]
public enum Dimension
{
    None = 0,
    Physical = 1,
    Mental = 2,
    Moral = 3,
}

/// <summary>One question of an instrument, as stored (JSON in the instrument row) and seeded.</summary>
public sealed record QuestionDefinition
{
    public required string Id { get; init; }

    public QuestionKind Kind { get; init; } = QuestionKind.Scale;

    public Dimension Dimension { get; init; }

    public string Theme { get; init; } = string.Empty;

    public required string Text { get; init; }

    public int ScaleMin { get; init; }

    public int ScaleMax { get; init; }

    public string MinLabel { get; init; } = string.Empty;

    public string MaxLabel { get; init; } = string.Empty;

    public bool Reversed { get; init; }

    public bool Required { get; init; }

    public bool Who5 { get; init; }
}

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
