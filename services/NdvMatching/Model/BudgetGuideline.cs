namespace Pvi.NdvMatching.Model;

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
