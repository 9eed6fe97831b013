using Microsoft.EntityFrameworkCore;
using Pvi.NdvMatching.Matching;
using Pvi.NdvMatching.Model;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Time;

namespace Pvi.NdvMatching.Infrastructure;

/// <summary>
/// The demo history of the embedded default (<c>Ndv:SeedDemoHistory</c>, off in Kubernetes):
/// requests of basic teams in the budget periods before the current one, built from the cases of
/// seeds/ndv/demo-history.json and run through the real ranking, in order of time, with each
/// member's budget of the period and last assignment kept as the service keeps them. Loaded once,
/// into a register of demo members without requests; the current period is left untouched, so
/// every budget starts full.
/// </summary>
public sealed class DemoHistorySeed(NdvOptions options, BudgetPeriods periods, LocalCalendar calendar, TimeProvider time) : ISeedData<NdvDbContext>
{
    /// <summary>The same history on every fresh start of the same day.</summary>
    private const int RandomSeed = 20261;

    public async Task SeedAsync(NdvDbContext db, CancellationToken cancellationToken)
    {
        if (!options.SeedDemoHistory || await db.Requests.AnyAsync(cancellationToken) || !await db.Members.AnyAsync(cancellationToken))
        {
            return;
        }

        var history = await SeedFiles.ReadAsync<DemoHistory>("ndv/demo-history.json", cancellationToken);
        var teams = (await SeedFiles.ReadAsync<List<DemoUnit>>("units.json", cancellationToken))
            .ToDictionary(u => u.Code, u => u.Teams.Select(t => t.Code).ToList(), StringComparer.Ordinal);
        var members = await db.Members.Where(m => m.ConsentActive).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var guidelines = await db.BudgetGuidelines.AsNoTracking().ToDictionaryAsync(g => g.Scope, g => g.HoursPerPeriod, StringComparer.Ordinal, cancellationToken);
        var random = new Random(RandomSeed);

        // The periods before the current one, oldest first; within each, the cases in order of time.
        var cases = new List<(BudgetPeriod Period, DateTime CreatedAt, string Unit, DemoCase Case)>();
        var period = periods.Containing(time.GetUtcNow().UtcDateTime);
        var past = new List<BudgetPeriod>();
        for (var i = 0; i < history.Periods; i++)
        {
            period = periods.Containing(period.Start.AddTicks(-1));
            past.Insert(0, period);
        }

        foreach (var each in past)
        {
            foreach (var (unit, count) in history.RequestsPerPeriod.OrderBy(u => u.Key, StringComparer.Ordinal))
            {
                for (var n = 0; n < count; n++)
                {
                    cases.Add((each, WorkingTime(each, 0.02 + (random.NextDouble() * 0.8), calendar), unit, history.Requests[random.Next(history.Requests.Count)]));
                }
            }
        }

        var used = new Dictionary<(BudgetPeriod, string), int>();
        foreach (var (each, createdAt, unit, demo) in cases.OrderBy(c => c.CreatedAt))
        {
            var team = teams.GetValueOrDefault(unit) is { Count: > 0 } ofUnit ? ofUnit[random.Next(ofUnit.Count)] : null;
            var requester = unit == "AM" && team == "AM-CEN" ? "demo-basic-team" : $"demo-basisteam-{(team ?? unit).ToLowerInvariant()}";
            var request = new ExpertiseRequest
            {
                Id = Guid.CreateVersion7(createdAt).ToString(),
                Fingerprint = "demo-history",
                RequestedBy = requester,
                Unit = unit,
                Team = team,
                NeededExpertise = [.. demo.NeededExpertise],
                Languages = [.. demo.Languages],
                Urgency = Enum.Parse<RequestUrgency>(demo.Urgency),
                ExpectedMinutes = DutyBudgets.ToMinutes(demo.ExpectedHours),
                Description = demo.Description,
                CreatedAt = createdAt,
                Version = 1,
            };
            db.Requests.Add(request);
            var at = createdAt;
            Record(db, request, at, "created", null, requester, null);

            var ranked = CandidateRanking.Rank(
                new RequestNeeds(unit, request.NeededExpertise, request.Languages, request.ExpectedMinutes),
                members.Select(m =>
                {
                    var minutes = used.GetValueOrDefault((each, m.Id));
                    var budget = DutyBudgets.BudgetOf(guidelines, m.HomeUnit).Minutes;
                    return new Candidate(m.Id, m.Name, m.HomeUnit, m.ExpertiseTags, m.Languages, m.LastAssignedAt, minutes, budget - minutes);
                }));
            if (ranked.Count == 0)
            {
                request.Status = RequestStatus.Unmatched;
                Record(db, request, at.AddSeconds(1), "unmatched", null, ExpertiseMatcher.SystemActor, "nobody eligible");
                continue;
            }

            var expiry = request.Urgency == RequestUrgency.Urgent ? options.UrgentOfferExpiry : options.NormalOfferExpiry;
            var offer = MakeOffer(db, request, ranked[0], at.AddSeconds(1), expiry);
            if (random.NextDouble() < history.CancelledShare)
            {
                at = offer.OfferedAt + (expiry * random.NextDouble() * 0.5);
                offer.Status = OfferState.Withdrawn;
                offer.ClosedAt = at;
                request.Status = RequestStatus.Cancelled;
                request.ClosedAt = at;
                Record(db, request, at, "cancelled", null, requester, "Niet meer nodig.");
                continue;
            }

            if (ranked.Count > 1 && random.NextDouble() < history.DeclinedShare)
            {
                at = offer.OfferedAt + (expiry * random.NextDouble() * 0.5);
                offer.Status = OfferState.Declined;
                offer.ClosedAt = at;
                offer.DeclineReason = history.DeclineReasons[random.Next(history.DeclineReasons.Count)];
                Record(db, request, at, "declined", offer.MemberId, offer.MemberId, offer.DeclineReason);
                // The next offer goes to the best who has not had it: first of the ranking without them.
                offer = MakeOffer(db, request, ranked[1] with { Rank = 1 }, at.AddSeconds(1), expiry);
            }

            at = offer.OfferedAt + (expiry * (0.05 + (random.NextDouble() * 0.6)));
            var member = members.Single(m => m.Id == offer.MemberId);
            offer.Status = OfferState.Accepted;
            request.Status = RequestStatus.Matched;
            request.MatchedAt = at;
            request.MatchedMemberId = member.Id;
            member.LastAssignedAt = at;
            Record(db, request, at, "accepted", member.Id, member.Id, null);

            // Done within days, inside the period the work was matched in.
            var done = at.AddHours(4 + (random.NextDouble() * 24 * 9));
            done = done < each.End ? done : each.End.AddHours(-1);
            // About what was expected, never beyond the member's budget of the period.
            var left = DutyBudgets.BudgetOf(guidelines, member.HomeUnit).Minutes - used.GetValueOrDefault((each, member.Id));
            var spent = Math.Min(left, Math.Max(30, request.ExpectedMinutes + (random.Next(-2, 3) * 30)));
            offer.Status = OfferState.Completed;
            offer.SpentMinutes = spent;
            offer.CompletedAt = done;
            offer.ClosedAt = done;
            request.Status = RequestStatus.Completed;
            request.SpentMinutes = spent;
            request.ClosedAt = done;
            used[(each, member.Id)] = used.GetValueOrDefault((each, member.Id)) + spent;
            Record(db, request, done, "completed", member.Id, member.Id, $"{DutyBudgets.ToHours(spent):0.##} h spent");
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A moment at <paramref name="share"/> of the period, moved into office hours (weekdays 08:00-18:00 local).</summary>
    private static DateTime WorkingTime(BudgetPeriod period, double share, LocalCalendar calendar)
    {
        var utc = period.Start + ((period.End - period.Start) * share);
        var local = calendar.Local(utc);
        while (local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            local = local.AddDays(1);
        }

        local = local.Date.AddHours(8 + (local.Hour % 10)).AddMinutes(local.Minute);
        return calendar.ToUtc(local);
    }

    private static Offer MakeOffer(NdvDbContext db, ExpertiseRequest request, RankedCandidate candidate, DateTime at, TimeSpan expiry)
    {
        var offer = Offer.Make(request, candidate.Candidate.MemberId, candidate.Candidate.HomeUnit, candidate.Rank, at, expiry);
        db.Offers.Add(offer);
        request.Status = RequestStatus.Offered;
        Record(db, request, at, "offered", offer.MemberId, ExpertiseMatcher.SystemActor, $"rank {candidate.Rank}; {string.Join("; ", candidate.Reasons)}");
        return offer;
    }

    private static void Record(NdvDbContext db, ExpertiseRequest request, DateTime at, string kind, string? memberId, string actor, string? detail) =>
        db.History.Add(new RequestHistoryEntry { RequestId = request.Id, At = at, Kind = kind, MemberId = memberId, Actor = actor, Detail = detail });

    private sealed record DemoHistory(
        int Periods, double CancelledShare, double DeclinedShare, Dictionary<string, int> RequestsPerPeriod, List<string> DeclineReasons, List<DemoCase> Requests);

    private sealed record DemoCase(List<string> NeededExpertise, List<string> Languages, string Urgency, double ExpectedHours, string Description);

    private sealed record DemoTeam(string Code);

    private sealed record DemoUnit(string Code, List<DemoTeam> Teams);
}
