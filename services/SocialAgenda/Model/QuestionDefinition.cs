namespace Pvi.SocialAgenda.Model;

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
