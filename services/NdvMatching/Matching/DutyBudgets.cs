using Microsoft.EntityFrameworkCore;
using Pvi.ServiceData;
using Pvi.NdvMatching.Infrastructure;
using Pvi.NdvMatching.Model;

namespace Pvi.NdvMatching.Matching;

/// <summary>
/// Duty-time budgets: the unit's override, else the national base, per member per period. Completed
/// hours count in the period they were completed in; pending offers and accepted, unfinished
/// requests hold their expected hours in the current period so no offer can overdraw a budget.
/// The figures are added up by the database in the query that reads the members.
/// </summary>
public sealed class DutyBudgets(NdvDbContext db, BudgetPeriods periods)
{
    public BudgetPeriods Periods => periods;

    public async Task<IReadOnlyDictionary<string, double>> GuidelinesAsync(CancellationToken cancellationToken) =>
        await db.BudgetGuidelines.AsNoTracking().ToDictionaryAsync(g => g.Scope, g => g.HoursPerPeriod, StringComparer.Ordinal, cancellationToken);

    public static (string Scope, int Minutes) BudgetOf(IReadOnlyDictionary<string, double> guidelines, string unit) =>
        BudgetOf(
            unit,
            guidelines.TryGetValue(unit, out var hours) ? hours : (double?)null,
            guidelines.TryGetValue(BudgetGuideline.National, out var national) ? national : (double?)null);

    /// <summary>The unit's own guideline if it has one, else the national base, else nothing.</summary>
    public static (string Scope, int Minutes) BudgetOf(string unit, double? unitHours, double? nationalHours) =>
        unitHours is { } hours ? (unit, ToMinutes(hours))
        : nationalHours is { } national ? (BudgetGuideline.National, ToMinutes(national))
        : (BudgetGuideline.National, 0);

    /// <summary>
    /// The members of <paramref name="memberIds"/> with their budget figures for the period, in one
    /// query: used minutes (completed requests and Roze in Blauw calls in the period), reserved
    /// minutes (pending and accepted offers, only when the period is the current one) and the
    /// guidelines that apply.
    /// </summary>
    public ValueTask<List<MemberBudgetRow>> WithBudgetAsync(List<string> memberIds, BudgetPeriod period, DateTime now, CancellationToken cancellationToken) =>
        WithBudget.For(db)(db, memberIds, period.Start, period.End, period.Contains(now)).ToListAsync(cancellationToken);

    private static readonly CompiledQuery<Func<NdvDbContext, List<string>, DateTime, DateTime, bool, IAsyncEnumerable<MemberBudgetRow>>> WithBudget =
        new(() => EF.CompileAsyncQuery((NdvDbContext db, List<string> memberIds, DateTime start, DateTime end, bool current) => db.Members
            .Where(m => memberIds.Contains(m.Id))
            .Select(m => new MemberBudgetRow
            {
                Id = m.Id,
                Name = m.Name,
                HomeUnit = m.HomeUnit,
                ExpertiseTags = m.ExpertiseTags,
                Languages = m.Languages,
                LastAssignedAt = m.LastAssignedAt,
                UsedMinutes = db.Offers
                        .Where(o => o.MemberId == m.Id && o.Status == OfferState.Completed && o.CompletedAt >= start && o.CompletedAt < end)
                        .Sum(o => o.SpentMinutes ?? 0)
                    // Calls of the Roze in Blauw line the member answered count as NDV work too.
                    + db.WorkRecords.Where(w => w.MemberId == m.Id && w.DoneAt >= start && w.DoneAt < end).Sum(w => w.Minutes),
                ReservedMinutes = db.Offers
                    .Where(o => current && o.MemberId == m.Id && (o.Status == OfferState.Pending || o.Status == OfferState.Accepted))
                    .Sum(o => o.ExpectedMinutes),
                UnitHours = db.BudgetGuidelines.Where(g => g.Scope == m.HomeUnit).Select(g => (double?)g.HoursPerPeriod).FirstOrDefault(),
                NationalHours = db.BudgetGuidelines.Where(g => g.Scope == BudgetGuideline.National).Select(g => (double?)g.HoursPerPeriod).FirstOrDefault(),
            })));

    public async Task<BudgetUse> ForMemberAsync(Member member, DateTime at, DateTime now, CancellationToken cancellationToken)
    {
        var period = periods.Containing(at);
        var row = (await WithBudgetAsync([member.Id], period, now, cancellationToken)).Single();
        var (scope, minutes) = row.Budget;
        return new BudgetUse(period, scope, minutes, row.UsedMinutes, row.ReservedMinutes);
    }

    public static int ToMinutes(double hours) => (int)Math.Round(hours * 60, MidpointRounding.AwayFromZero);

    public static double ToHours(int minutes) => minutes / 60.0;
}
