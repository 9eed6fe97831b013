namespace Pvi.NdvMatching.Matching;

public enum BudgetPeriodLength
{
    Month,
    Quarter,
    Year,
}
