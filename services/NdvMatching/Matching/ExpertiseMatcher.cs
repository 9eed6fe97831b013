using Microsoft.EntityFrameworkCore;
using Pvi.IntegrationEvents.Publishing;
using Pvi.Ndv.V1;
using Pvi.ServiceData;
using ExpertiseRequest = Pvi.NdvMatching.Model.ExpertiseRequest;
using Member = Pvi.NdvMatching.Model.Member;
using Offer = Pvi.NdvMatching.Model.Offer;
using RequestHistoryEntry = Pvi.NdvMatching.Model.RequestHistoryEntry;
using Pvi.NdvMatching.Infrastructure;
using Pvi.NdvMatching.Model;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Pvi.NdvMatching.Matching;

/// <summary>
/// Brings requests and members together (services/NdvMatching/README.md): one offer at a time per request,
/// to the best eligible member who has not had it yet; on decline, expiry or withdrawn consent the
/// next one; nobody left means unmatched and an event for the national coordinator. Changes are
/// tracked on the context; the caller saves them, with the events, in one transaction.
/// </summary>
public sealed class ExpertiseMatcher(NdvDbContext db, DutyBudgets budgets, IOutbox outbox, NdvOptions options, TimeProvider time)
{
    public const string SystemActor = "system";

    public DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Eligible members for the request who have not had it, best first.</summary>
    public async Task<IReadOnlyList<RankedCandidate>> ProposeAsync(ExpertiseRequest request, CancellationToken cancellationToken)
    {
        var now = Now;
        var period = budgets.Periods.Containing(now);
        var members = await Eligible.For(db)(db, request.Id, request.NeededExpertise, now, period.Start, period.End, true).ToListAsync(cancellationToken);

        // Members withdrawing consent in this unit of work may not be saved yet: never offer to them.
        foreach (var withdrawing in db.ChangeTracker.TrackedAsTheyAre<Member>(entry => !entry.Entity.ConsentActive))
        {
            members.RemoveAll(m => m.Id == withdrawing.Id);
        }

        var candidates = members.Select(m =>
            new Candidate(m.Id, m.Name, m.HomeUnit, m.ExpertiseTags, m.Languages, m.LastAssignedAt, m.UsedMinutes, m.RemainingMinutes));
        return CandidateRanking.Rank(new RequestNeeds(request.Unit, request.NeededExpertise, request.Languages, request.ExpectedMinutes), candidates);
    }

    /// <summary>
    /// Members with consent and some of the needed expertise, available now, who have not had the
    /// request, with their budget figures of the current period: one statement.
    /// </summary>
    private static readonly CompiledQuery<Func<NdvDbContext, string, List<string>, DateTime, DateTime, DateTime, bool, IAsyncEnumerable<MemberBudgetRow>>> Eligible =
        new(() => EF.CompileAsyncQuery(DutyBudgets.WithFigures((NdvDbContext db, string requestId, List<string> needed, DateTime now, DateTime start, DateTime end, bool current) => db.Members
            .Where(m => m.ConsentActive && m.ExpertiseTags.Any(tag => needed.Contains(tag)))
            .Where(m => !db.UnavailablePeriods.Any(p => p.MemberId == m.Id && p.Start <= now && p.End > now))
            .Where(m => !db.Offers.Any(o => o.RequestId == requestId && o.MemberId == m.Id)))));

    /// <summary>
    /// The decision lock of matching: one offer decided at a time per database (<see cref="DecisionLocks"/>).
    /// Every unit of work that changes what a decision reads about a member (consent, availability,
    /// expertise and unit, budgets, hours used) takes it first, so that what the decision read
    /// holds until it commits: no offer can take hours that are no longer there.
    /// </summary>
    public const string Decision = "pvi.ndv.matching";

    /// <summary>
    /// Offers the request to the best candidate left, or marks it unmatched. Part of a unit of work;
    /// it waits for the matching decision lock first, so the budgets it reads are the ones it decides on.
    /// </summary>
    public async Task OfferToNextCandidateAsync(ExpertiseRequest request, string actor, CancellationToken cancellationToken)
    {
        await db.LockDecisionAsync(Decision, cancellationToken);
        var now = Now;
        var best = (await ProposeAsync(request, cancellationToken)).FirstOrDefault();
        request.Version++;
        if (best is null)
        {
            request.Status = RequestStatus.Unmatched;
            var offersMade = await db.Offers.CountAsync(o => o.RequestId == request.Id, cancellationToken);
            Record(request, "unmatched", null, actor, offersMade == 0 ? "nobody eligible" : $"nobody eligible left after {offersMade} offer(s)");
            var unmatched = new ExpertiseRequestUnmatched
            {
                RequestId = request.Id,
                Unit = request.Unit,
                OffersMade = offersMade,
                UnmatchedTime = Timestamp.FromDateTime(now),
            };
            unmatched.NeededExpertise.AddRange(request.NeededExpertise);
            outbox.Enqueue(request.Id, unmatched);
            NdvMetrics.RequestsUnmatched.Add(1);
            return;
        }

        var member = best.Candidate;
        var expiry = request.Urgency == RequestUrgency.Urgent ? options.UrgentOfferExpiry : options.NormalOfferExpiry;
        var offer = Offer.Make(request, member.MemberId, member.HomeUnit, best.Rank, now, expiry);
        db.Offers.Add(offer);
        request.Status = RequestStatus.Offered;
        Record(request, "offered", member.MemberId, actor, $"rank {best.Rank}; {string.Join("; ", best.Reasons)}");
        outbox.Enqueue(request.Id, new OfferMade
        {
            OfferId = offer.Id,
            RequestId = request.Id,
            MemberId = member.MemberId,
            Unit = request.Unit,
            Rank = best.Rank,
            ExpireTime = Timestamp.FromDateTime(offer.ExpiresAt),
        });
        NdvMetrics.OffersMade.Add(1);
    }

    /// <summary>Closes a pending offer unanswered (expired, or withdrawn with the member's consent) and moves on.</summary>
    public async Task CloseUnansweredAsync(Offer offer, ExpertiseRequest request, OfferState outcome, string actor, CancellationToken cancellationToken)
    {
        var now = Now;
        offer.Status = outcome;
        offer.ClosedAt = now;
        if (outcome == OfferState.Expired)
        {
            Record(request, "expired", offer.MemberId, actor, null);
            outbox.Enqueue(request.Id, new OfferExpired
            {
                OfferId = offer.Id,
                RequestId = request.Id,
                MemberId = offer.MemberId,
                Unit = request.Unit,
                ExpireTime = Timestamp.FromDateTime(offer.ExpiresAt),
            });
            NdvMetrics.OffersExpired.Add(1);
        }
        else
        {
            Record(request, "withdrawn", offer.MemberId, actor, "the member withdrew consent");
        }

        await OfferToNextCandidateAsync(request, actor, cancellationToken);
    }

    /// <summary>Expires every pending offer past its time, each in its own transaction; returns how many.</summary>
    public async Task<int> ExpireDueOffersAsync(CancellationToken cancellationToken)
    {
        var expired = 0;
        while (true)
        {
            var now = Now;
            var due = await db.Offers.AsNoTracking()
                .Where(o => o.Status == OfferState.Pending && o.ExpiresAt <= now)
                .OrderBy(o => o.ExpiresAt).Select(o => o.Id).Take(50)
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                return expired;
            }

            foreach (var offerId in due)
            {
                expired += await db.RunAsync(async ct =>
                {
                    var offer = await db.Offers.Include(o => o.Request).SingleAsync(o => o.Id == offerId, ct);
                    if (offer.Status != OfferState.Pending || offer.ExpiresAt > Now)
                    {
                        return 0;
                    }

                    await CloseUnansweredAsync(offer, offer.Request!, OfferState.Expired, SystemActor, ct);
                    await db.SaveChangesAsync(ct);
                    return 1;
                }, cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
    }

    public void Record(ExpertiseRequest request, string kind, string? memberId, string actor, string? detail) =>
        db.History.Add(new RequestHistoryEntry
        {
            RequestId = request.Id,
            At = Now,
            Kind = kind,
            MemberId = memberId,
            Actor = actor,
            Detail = detail is { Length: > 500 } ? detail[..500] : detail,
        });
}
