namespace Pvi.NdvMatching.Model;

/// <summary>A police unit (eenheid), from seeds/units.json.</summary>
public sealed class Unit
{
    public required string Code { get; init; }

    public required string Name { get; set; }
}

/// <summary>One term of the expertise vocabulary, from seeds/ndv/expertise.json.</summary>
public sealed class ExpertiseTag
{
    public required string Code { get; init; }

    public required string Category { get; set; }

    public required string LabelNl { get; set; }

    public required string LabelEn { get; set; }
}

/// <summary>
/// Hours per member per budget period: the national base (scope <see cref="National"/>) or a unit's
/// override (scope = unit code).
/// </summary>
public sealed class BudgetGuideline
{
    public const string National = "national";

    public required string Scope { get; init; }

    public double HoursPerPeriod { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = "seed";
}
