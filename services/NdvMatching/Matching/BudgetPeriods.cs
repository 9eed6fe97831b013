using Pvi.ServiceDefaults.Time;

namespace Pvi.NdvMatching.Matching;

/// <summary>The calendar months, quarters or years of the configured time zone that budgets run over.</summary>
public sealed class BudgetPeriods(NdvOptions options, LocalCalendar calendar)
{

    public BudgetPeriodLength Length => options.BudgetPeriod;

    public BudgetPeriod Containing(DateTime utc)
    {
        var local = calendar.Local(utc);
        var startMonth = options.BudgetPeriod switch
        {
            BudgetPeriodLength.Month => local.Month,
            BudgetPeriodLength.Quarter => ((local.Month - 1) / 3 * 3) + 1,
            _ => 1,
        };
        var start = new DateTime(local.Year, startMonth, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var end = start.AddMonths(options.BudgetPeriod switch
        {
            BudgetPeriodLength.Month => 1,
            BudgetPeriodLength.Quarter => 3,
            _ => 12,
        });
        return new BudgetPeriod(calendar.ToUtc(start), calendar.ToUtc(end));
    }
}
