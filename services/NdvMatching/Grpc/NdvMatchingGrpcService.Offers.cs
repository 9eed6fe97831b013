using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.Ndv.V1;
using Pvi.NdvMatching.Matching;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Errors;
using Model = Pvi.NdvMatching.Model;

namespace Pvi.NdvMatching.Grpc;

public sealed partial class NdvMatchingGrpcService
{
    public override async Task<ListOffersResponse> ListOffers(ListOffersRequest request, ServerCallContext context)
    {
        var caller = NdvCaller.From(context);
        caller.Demand(caller.IsCoordinator || caller.MemberId is not null);

        var violations = new FieldViolations();
        if (!string.IsNullOrEmpty(request.MemberId))
        {
            NdvValidation.MemberId(violations, "member_id", request.MemberId);
        }

        if (!string.IsNullOrEmpty(request.RequestId))
        {
            violations.Id("request_id", request.RequestId);
        }

        violations.Defined("status", request.Status, allowUnspecified: true);
        var page = Paging.Read(request.PageSize, request.PageToken, violations);
        violations.ThrowIfAny();

        var query = db.Offers.AsNoTracking().Include(o => o.Request).AsQueryable();
        if (caller.IsNational)
        {
            // Everything.
        }
        else if (caller.IsCoordinator)
        {
            var unit = caller.Unit ?? string.Empty;
            query = query.Where(o => o.RequestUnit == unit);
        }
        else
        {
            // A member sees only their own offers.
            caller.Demand(string.IsNullOrEmpty(request.MemberId) || caller.Is(request.MemberId));
            var own = caller.MemberId!;
            query = query.Where(o => o.MemberId == own);
        }

        if (!string.IsNullOrEmpty(request.MemberId))
        {
            query = query.Where(o => o.MemberId == request.MemberId);
        }

        if (!string.IsNullOrEmpty(request.RequestId))
        {
            query = query.Where(o => o.RequestId == request.RequestId);
        }

        if (request.Status != OfferStatus.Unspecified)
        {
            var status = (Model.OfferState)(int)request.Status;
            query = query.Where(o => o.Status == status);
        }

        var result = await query.ToPageAsync(o => o.Id, page, context.CancellationToken, descending: true);
        var response = new ListOffersResponse { NextPageToken = result.NextPageToken };
        response.Offers.AddRange(result.Items.Select(o => o.ToMessage(o.Request)));
        return response;
    }

    public override async Task<Offer> AcceptOffer(AcceptOfferRequest request, ServerCallContext context)
    {
        var caller = NdvCaller.From(context);
        var expired = false;
        var answer = await db.RunAsync(async ct =>
        {
            var offer = await OwnPendingOfferAsync(caller, request.Id, ct);
            var found = offer.Request!;
            var now = Now;
            if (offer.ExpiresAt <= now)
            {
                // Too late: the expiry has not run yet, but the rule holds all the same.
                await matcher.CloseUnansweredAsync(offer, found, Model.OfferState.Expired, ExpertiseMatcher.SystemActor, ct);
                await db.SaveChangesAsync(ct);
                expired = true;
                return offer;
            }

            var member = await db.Members.SingleAsync(m => m.Id == offer.MemberId, ct);
            offer.Status = Model.OfferState.Accepted;
            offer.ClosedAt = now;
            found.Status = Model.RequestStatus.Matched;
            found.MatchedAt = now;
            found.MatchedMemberId = member.Id;
            found.Version++;
            member.LastAssignedAt = now;
            member.Touch(now);
            matcher.Record(found, "accepted", member.Id, caller.Id, null);
            outbox.Enqueue(found.Id, new OfferAccepted
            {
                OfferId = offer.Id,
                RequestId = found.Id,
                MemberId = member.Id,
                Unit = found.Unit,
                AcceptTime = Timestamp.FromDateTime(now),
                ClientRequestId = found.ClientRequestId ?? string.Empty,
            });
            await db.SaveChangesAsync(ct);
            return offer;
        }, context.CancellationToken);

        if (expired)
        {
            throw new PreconditionFailedException("OFFER_EXPIRED", "The offer expired before it was accepted.");
        }

        return answer.ToMessage(answer.Request);
    }

    public override async Task<Offer> DeclineOffer(DeclineOfferRequest request, ServerCallContext context)
    {
        var caller = NdvCaller.From(context);
        var violations = new FieldViolations();
        violations.MaxLength("reason", request.Reason, Model.NdvLimits.Reason);
        violations.ThrowIfAny();

        var answer = await db.RunAsync(async ct =>
        {
            var offer = await OwnPendingOfferAsync(caller, request.Id, ct);
            var found = offer.Request!;
            var now = Now;
            offer.Status = Model.OfferState.Declined;
            offer.ClosedAt = now;
            offer.DeclineReason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
            matcher.Record(found, "declined", offer.MemberId, caller.Id, offer.DeclineReason);
            outbox.Enqueue(found.Id, new OfferDeclined
            {
                OfferId = offer.Id,
                RequestId = found.Id,
                MemberId = offer.MemberId,
                Unit = found.Unit,
                DeclineTime = Timestamp.FromDateTime(now),
            });
            // A decline moves on at once.
            await matcher.OfferToNextCandidateAsync(found, caller.Id, ct);
            await db.SaveChangesAsync(ct);
            return offer;
        }, context.CancellationToken);
        return answer.ToMessage(answer.Request);
    }

    public override async Task<Offer> CompleteOffer(CompleteOfferRequest request, ServerCallContext context)
    {
        var caller = NdvCaller.From(context);
        caller.Demand(caller.IsCoordinator || caller.MemberId is not null);
        var violations = new FieldViolations();
        violations.Id("id", request.Id);
        var minutes = NdvValidation.Hours(violations, "hours_spent", request.HoursSpent);
        violations.ThrowIfAny();

        var answer = await db.RunAsync(async ct =>
        {
            // The hours spent may be more than were held: the member's budget changes.
            await db.LockDecisionAsync(ExpertiseMatcher.Decision, ct);
            var offer = await db.Offers.Include(o => o.Request).SingleOrDefaultAsync(o => o.Id == request.Id, ct);
            if (offer is null)
            {
                throw caller.IsNational ? new NotFoundException("OFFER_NOT_FOUND", "No such offer.") : NdvCaller.Denied();
            }

            caller.Demand(caller.Is(offer.MemberId) || caller.Coordinates(offer.RequestUnit));
            if (offer.Status != Model.OfferState.Accepted)
            {
                throw new PreconditionFailedException("OFFER_NOT_ACCEPTED", $"Only an accepted offer can be completed; this one is {offer.Status.ToString().ToLowerInvariant()}.");
            }

            var found = offer.Request!;
            var now = Now;
            offer.Status = Model.OfferState.Completed;
            offer.SpentMinutes = minutes;
            offer.CompletedAt = now;
            found.Status = Model.RequestStatus.Completed;
            found.SpentMinutes = minutes;
            found.ClosedAt = now;
            found.Version++;
            matcher.Record(found, "completed", offer.MemberId, caller.Id, $"{DutyBudgets.ToHours(minutes):0.##} h spent");
            outbox.Enqueue(found.Id, new ExpertiseRequestCompleted
            {
                RequestId = found.Id,
                Unit = found.Unit,
                MemberId = offer.MemberId,
                HoursSpent = DutyBudgets.ToHours(minutes),
                CompleteTime = Timestamp.FromDateTime(now),
            });
            await db.SaveChangesAsync(ct);
            NdvMetrics.HoursSpent.Record(DutyBudgets.ToHours(minutes));
            return offer;
        }, context.CancellationToken);
        return answer.ToMessage(answer.Request);
    }

    /// <summary>Only the member an offer was made to answers it, and only while it is pending.</summary>
    private async Task<Model.Offer> OwnPendingOfferAsync(NdvCaller caller, string id, CancellationToken cancellationToken)
    {
        caller.Demand(caller.MemberId is not null);
        var violations = new FieldViolations();
        violations.Id("id", id);
        violations.ThrowIfAny();

        var offer = await db.Offers.Include(o => o.Request).SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (offer is null || !caller.Is(offer.MemberId))
        {
            throw NdvCaller.Denied();
        }

        if (offer.Status != Model.OfferState.Pending)
        {
            throw new PreconditionFailedException("OFFER_CLOSED", $"The offer is {offer.Status.ToString().ToLowerInvariant()}, no longer pending.");
        }

        return offer;
    }
}
