using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Pvi.Ndv.V1;
using Pvi.NdvMatching.Infrastructure;
using Model = Pvi.NdvMatching.Model;

namespace Pvi.NdvMatching.Matching;

/// <summary>
/// The coordinators' figures of a budget period per unit: requests and how they ended, the time to a
/// match, the hours used against the units' budgets and the members with consent.
/// </summary>
public sealed class PeriodFigures(NdvDbContext db, DutyBudgets budgets)
{
    /// <summary>The figures of each unit, and their total, for the budget period that holds <paramref name="at"/>.</summary>
    public async Task<GetFiguresResponse> OfUnitsAsync(IReadOnlyList<string> units, DateTime at, CancellationToken ct)
    {
        var period = budgets.Periods.Containing(at);

        var requests = await db.Requests.AsNoTracking()
            .Where(r => units.Contains(r.Unit) && r.CreatedAt >= period.Start && r.CreatedAt < period.End)
            .Select(r => new { r.Unit, r.Status, r.CreatedAt, r.MatchedAt })
            .ToListAsync(ct);
        var used = await db.Offers.AsNoTracking()
            .Where(o => o.Status == Model.OfferState.Completed && units.Contains(o.MemberUnit) && o.CompletedAt >= period.Start && o.CompletedAt < period.End)
            .GroupBy(o => o.MemberUnit)
            .Select(g => new { Unit = g.Key, Minutes = g.Sum(o => o.SpentMinutes ?? 0) })
            .ToDictionaryAsync(x => x.Unit, x => x.Minutes, ct);
        foreach (var row in await db.WorkRecords.AsNoTracking()
            .Where(w => units.Contains(w.MemberUnit) && w.DoneAt >= period.Start && w.DoneAt < period.End)
            .GroupBy(w => w.MemberUnit).Select(g => new { Unit = g.Key, Minutes = g.Sum(w => w.Minutes) }).ToListAsync(ct))
        {
            used[row.Unit] = used.GetValueOrDefault(row.Unit) + row.Minutes;
        }

        var members = await db.Members.AsNoTracking()
            .Where(m => m.ConsentActive && units.Contains(m.HomeUnit))
            .GroupBy(m => m.HomeUnit)
            .Select(g => new { Unit = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Unit, x => x.Count, ct);
        var guidelines = await budgets.GuidelinesAsync(ct);

        var response = new GetFiguresResponse
        {
            PeriodStartTime = Timestamp.FromDateTime(period.Start),
            PeriodEndTime = Timestamp.FromDateTime(period.End),
        };
        foreach (var unit in units)
        {
            var ofUnit = requests.Where(r => r.Unit == unit).ToList();
            var toMatch = ofUnit.Where(r => r.MatchedAt is not null).Select(r => (r.MatchedAt!.Value - r.CreatedAt).TotalHours).ToList();
            var memberCount = members.GetValueOrDefault(unit);
            response.Units.Add(Figures(
                unit,
                ofUnit.Count,
                ofUnit.Count(r => r.MatchedAt is not null && r.Status != Model.RequestStatus.Cancelled),
                ofUnit.Count(r => r.Status == Model.RequestStatus.Unmatched),
                ofUnit.Count(r => r.Status == Model.RequestStatus.Cancelled),
                toMatch,
                used.GetValueOrDefault(unit),
                memberCount * DutyBudgets.BudgetOf(guidelines, unit).Minutes,
                memberCount));
        }

        var all = requests.Where(r => r.MatchedAt is not null).Select(r => (r.MatchedAt!.Value - r.CreatedAt).TotalHours).ToList();
        response.Total = Figures(
            "total",
            response.Units.Sum(u => u.Requests),
            response.Units.Sum(u => u.Matched),
            response.Units.Sum(u => u.Unmatched),
            response.Units.Sum(u => u.Cancelled),
            all,
            used.Values.Sum(),
            response.Units.Sum(u => DutyBudgets.ToMinutes(u.BudgetHours)),
            response.Units.Sum(u => u.MembersWithConsent));
        return response;
    }

    private static UnitFigures Figures(string unit, int requests, int matched, int unmatched, int cancelled, List<double> hoursToMatch, int usedMinutes, int budgetMinutes, int members)
    {
        var decided = requests - cancelled;
        hoursToMatch.Sort();
        return new UnitFigures
        {
            Unit = unit,
            Requests = requests,
            Matched = matched,
            Unmatched = unmatched,
            Cancelled = cancelled,
            MatchRate = decided > 0 ? (double)matched / decided : 0,
            MeanHoursToMatch = hoursToMatch.Count > 0 ? hoursToMatch.Average() : 0,
            MedianHoursToMatch = hoursToMatch.Count == 0 ? 0
                : hoursToMatch.Count % 2 == 1 ? hoursToMatch[hoursToMatch.Count / 2]
                : (hoursToMatch[(hoursToMatch.Count / 2) - 1] + hoursToMatch[hoursToMatch.Count / 2]) / 2,
            UsedHours = DutyBudgets.ToHours(usedMinutes),
            BudgetHours = DutyBudgets.ToHours(budgetMinutes),
            MembersWithConsent = members,
        };
    }
}
