namespace Pvi.NdvMatching.Matching;

/// <summary>A member's budget for one period and what is used and held of it, in minutes.</summary>
public sealed record BudgetUse(BudgetPeriod Period, string GuidelineScope, int BudgetMinutes, int UsedMinutes, int ReservedMinutes)
{
    public int RemainingMinutes => BudgetMinutes - UsedMinutes - ReservedMinutes;
}
