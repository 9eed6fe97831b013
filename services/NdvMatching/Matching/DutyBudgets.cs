using Microsoft.EntityFrameworkCore;
using Pvi.NdvMatching.Infrastructure;
using Pvi.NdvMatching.Model;

namespace Pvi.NdvMatching.Matching;

/// <summary>
/// Duty-time budgets: the unit's override, else the national base, per member per period. Completed
/// hours count in the period they were completed in; pending offers and accepted, unfinished
/// requests hold their expected hours in the current period so no offer can overdraw a budget.
/// </summary>
public sealed class DutyBudgets(NdvDbContext db, BudgetPeriods periods)
{
    public BudgetPeriods Periods => periods;

    public async Task<IReadOnlyDictionary<string, double>> GuidelinesAsync(CancellationToken cancellationToken) =>
        await db.BudgetGuidelines.AsNoTracking().ToDictionaryAsync(g => g.Scope, g => g.HoursPerPeriod, StringComparer.Ordinal, cancellationToken);

    public static (string Scope, int Minutes) BudgetOf(IReadOnlyDictionary<string, double> guidelines, string unit) =>
        guidelines.TryGetValue(unit, out var hours) ? (unit, ToMinutes(hours))
        : guidelines.TryGetValue(BudgetGuideline.National, out var national) ? (BudgetGuideline.National, ToMinutes(national))
        : (BudgetGuideline.National, 0);

    /// <summary>Used and reserved minutes per member; reservations only when the period is the current one.</summary>
    public async Task<IReadOnlyDictionary<string, (int Used, int Reserved)>> UsageAsync(
        BudgetPeriod period, DateTime now, string? memberId, CancellationToken cancellationToken)
    {
        var completed = db.Offers.Where(o => o.Status == OfferState.Completed && o.CompletedAt >= period.Start && o.CompletedAt < period.End);
        var held = db.Offers.Where(o => o.Status == OfferState.Pending || o.Status == OfferState.Accepted);
        if (memberId is not null)
        {
            completed = completed.Where(o => o.MemberId == memberId);
            held = held.Where(o => o.MemberId == memberId);
        }

        var work = db.WorkRecords.Where(w => w.DoneAt >= period.Start && w.DoneAt < period.End);
        if (memberId is not null)
        {
            work = work.Where(w => w.MemberId == memberId);
        }

        var used = await completed.GroupBy(o => o.MemberId)
            .Select(g => new { MemberId = g.Key, Minutes = g.Sum(o => o.SpentMinutes ?? 0) })
            .ToDictionaryAsync(x => x.MemberId, x => x.Minutes, cancellationToken);
        // Calls of the Roze in Blauw line the member answered count as NDV work too.
        foreach (var row in await work.GroupBy(w => w.MemberId).Select(g => new { MemberId = g.Key, Minutes = g.Sum(w => w.Minutes) }).ToListAsync(cancellationToken))
        {
            used[row.MemberId] = used.GetValueOrDefault(row.MemberId) + row.Minutes;
        }

        var reserved = period.Contains(now)
            ? await held.GroupBy(o => o.MemberId)
                .Select(g => new { MemberId = g.Key, Minutes = g.Sum(o => o.ExpectedMinutes) })
                .ToDictionaryAsync(x => x.MemberId, x => x.Minutes, cancellationToken)
            : [];

        return used.Keys.Union(reserved.Keys).ToDictionary(
            id => id, id => (used.GetValueOrDefault(id), reserved.GetValueOrDefault(id)), StringComparer.Ordinal);
    }

    public async Task<BudgetUse> ForMemberAsync(Member member, DateTime at, DateTime now, CancellationToken cancellationToken)
    {
        var period = periods.Containing(at);
        var (scope, minutes) = BudgetOf(await GuidelinesAsync(cancellationToken), member.HomeUnit);
        var usage = await UsageAsync(period, now, member.Id, cancellationToken);
        var (used, reserved) = usage.GetValueOrDefault(member.Id);
        return new BudgetUse(period, scope, minutes, used, reserved);
    }

    public static int ToMinutes(double hours) => (int)Math.Round(hours * 60, MidpointRounding.AwayFromZero);

    public static double ToHours(int minutes) => minutes / 60.0;
}
