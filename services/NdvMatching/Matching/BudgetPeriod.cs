namespace Pvi.NdvMatching.Matching;

/// <summary>One budget period, [Start, End) in UTC.</summary>
public readonly record struct BudgetPeriod(DateTime Start, DateTime End)
{
    public bool Contains(DateTime instant) => instant >= Start && instant < End;
}
