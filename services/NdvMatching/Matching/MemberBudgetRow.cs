namespace Pvi.NdvMatching.Matching;

/// <summary>
/// A member with the figures of their budget for one period, read in one query
/// (<see cref="DutyBudgets.WithBudgetAsync"/>): the database adds up the hours, not the service.
/// </summary>
public sealed class MemberBudgetRow
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string HomeUnit { get; init; }

    public required List<string> ExpertiseTags { get; init; }

    public required List<string> Languages { get; init; }

    public DateTime? LastAssignedAt { get; init; }

    /// <summary>Minutes completed in the period, requests and Roze in Blauw calls together.</summary>
    public int UsedMinutes { get; init; }

    /// <summary>Minutes held by pending and accepted offers; only when the period is the current one.</summary>
    public int ReservedMinutes { get; init; }

    /// <summary>The member's unit's guideline, if it has one of its own.</summary>
    public double? UnitHours { get; init; }

    public double? NationalHours { get; init; }

    public (string Scope, int Minutes) Budget => DutyBudgets.BudgetOf(HomeUnit, UnitHours, NationalHours);

    public int RemainingMinutes => Budget.Minutes - UsedMinutes - ReservedMinutes;
}
