using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.Ndv.V1;
using Pvi.NdvMatching.Infrastructure;
using Pvi.NdvMatching.Matching;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Errors;
using Model = Pvi.NdvMatching.Model;

namespace Pvi.NdvMatching.Grpc;

public sealed partial class NdvMatchingGrpcService
{
    public override async Task<ExpertiseRequest> CreateExpertiseRequest(CreateExpertiseRequestRequest request, ServerCallContext context)
    {
        var caller = NdvCaller.From(context);
        caller.Demand(caller.IsBasicTeam || caller.IsCoordinator || caller.IsService);
        var wanted = NdvValidation.ExpertiseRequest(request, await vocabularies.GetAsync(context.CancellationToken));
        caller.Demand(caller.IsTeamOf(wanted.Unit) || caller.Coordinates(wanted.Unit));

        return await db.CreateOnceAsync(
            request,
            request.RequestId,
            (id, ct) => RequestByClientId.For(db)(db, caller.Id, id, ct),
            r => r.Fingerprint,
            (existing, ct) => ViewAsync(caller, existing, ct),
            async (key, ct) =>
            {
                var team = caller.IsBasicTeam && caller.IsTeamOf(wanted.Unit) ? caller.Team : null;
                var (created, announced) = Model.ExpertiseRequest.Create(wanted, caller.Id, team, key, Now);
                db.Requests.Add(created);
                matcher.Record(created, "created", null, caller.Id, null);
                outbox.Enqueue(created.Id, announced);
                await matcher.OfferToNextCandidateAsync(created, caller.Id, ct);
                await db.SaveChangesAsync(ct);
                NdvMetrics.RequestsCreated.Add(1);
                return await ViewAsync(caller, created, ct);
            },
            context.CancellationToken);
    }

    public override async Task<ExpertiseRequest> GetExpertiseRequest(GetExpertiseRequestRequest request, ServerCallContext context)
    {
        var caller = NdvCaller.From(context);
        caller.Demand(caller.IsBasicTeam || caller.IsCoordinator);
        var found = await VisibleRequestAsync(caller, request.Id, coordinatorsOnly: false, context.CancellationToken);
        return await ViewAsync(caller, found, context.CancellationToken);
    }

    public override async Task<ListExpertiseRequestsResponse> ListExpertiseRequests(ListExpertiseRequestsRequest request, ServerCallContext context)
    {
        var caller = NdvCaller.From(context);
        caller.Demand(caller.IsBasicTeam || caller.IsCoordinator);
        var vocabulary = await vocabularies.GetAsync(context.CancellationToken);

        var violations = new FieldViolations();
        NdvValidation.Unit(violations, "unit", request.Unit, vocabulary, required: false);
        violations.Defined("status", request.Status, allowUnspecified: true);
        var page = Paging.Read(request.PageSize, request.PageToken, violations);
        violations.ThrowIfAny();

        // Basic teams and unit coordinators see their own unit, whatever they ask for.
        var unit = caller.IsNational ? request.Unit : caller.Unit ?? string.Empty;
        caller.Demand(string.IsNullOrEmpty(request.Unit) || caller.IsTeamOf(request.Unit) || caller.Coordinates(request.Unit));
        caller.Demand(caller.IsNational || !string.IsNullOrEmpty(unit));

        var query = db.Requests.AsNoTracking();
        if (!string.IsNullOrEmpty(unit))
        {
            query = query.Where(r => r.Unit == unit);
        }

        if (request.Status != ExpertiseRequestStatus.Unspecified)
        {
            var status = (Model.RequestStatus)(int)request.Status;
            query = query.Where(r => r.Status == status);
        }

        var result = await query.ToPageAsync(r => r.Id, page, context.CancellationToken, descending: true);
        var response = new ListExpertiseRequestsResponse { NextPageToken = result.NextPageToken };
        foreach (var item in result.Items)
        {
            response.Requests.Add(await ViewAsync(caller, item, context.CancellationToken, withTrail: false));
        }

        return response;
    }

    public override async Task<ExpertiseRequest> CancelExpertiseRequest(CancelExpertiseRequestRequest request, ServerCallContext context)
    {
        var caller = NdvCaller.From(context);
        caller.Demand(caller.IsBasicTeam || caller.IsCoordinator);
        var violations = new FieldViolations();
        violations.MaxLength("reason", request.Reason, Model.NdvLimits.Reason);
        violations.ThrowIfAny();

        return await db.RunAsync(async ct =>
        {
            var found = await VisibleRequestAsync(caller, request.Id, coordinatorsOnly: false, ct);
            if (!found.IsOpen)
            {
                throw new PreconditionFailedException("REQUEST_CLOSED", $"The request is {found.Status.ToString().ToLowerInvariant()} and cannot be cancelled.");
            }

            var now = Now;
            await db.Offers.Where(o => o.RequestId == found.Id && (o.Status == Model.OfferState.Pending || o.Status == Model.OfferState.Accepted))
                .ExecuteUpdateAsync(set => set.SetProperty(o => o.Status, Model.OfferState.Withdrawn).SetProperty(o => o.ClosedAt, now), ct);

            found.Status = Model.RequestStatus.Cancelled;
            found.ClosedAt = now;
            found.Version++;
            matcher.Record(found, "cancelled", found.MatchedMemberId, caller.Id, string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim());
            outbox.Enqueue(found.Id, new ExpertiseRequestCancelled { RequestId = found.Id, Unit = found.Unit, CancelTime = Timestamp.FromDateTime(now) });
            await db.SaveChangesAsync(ct);
            return await ViewAsync(caller, found, ct);
        }, context.CancellationToken);
    }

    public override async Task<ListProposalsResponse> ListProposals(ListProposalsRequest request, ServerCallContext context)
    {
        var caller = NdvCaller.From(context);
        caller.Demand(caller.IsCoordinator);
        var found = await VisibleRequestAsync(caller, request.Id, coordinatorsOnly: true, context.CancellationToken);

        var response = new ListProposalsResponse();
        if (found.IsOpen)
        {
            response.Proposals.AddRange((await matcher.ProposeAsync(found, context.CancellationToken)).Select(p => p.ToMessage()));
        }

        return response;
    }

    private static readonly CompiledQuery<Func<NdvDbContext, string, string, CancellationToken, Task<Model.ExpertiseRequest?>>> RequestByClientId =
        new(() => EF.CompileAsyncQuery((NdvDbContext db, string requestedBy, string clientRequestId, CancellationToken _) =>
            db.Requests.AsNoTracking().SingleOrDefault(r => r.RequestedBy == requestedBy && r.ClientRequestId == clientRequestId)));

    /// <summary>The request as the caller may see it: coordinators all of it, the team the matched member's card only.</summary>
    private async Task<ExpertiseRequest> ViewAsync(NdvCaller caller, Model.ExpertiseRequest request, CancellationToken cancellationToken, bool withTrail = true)
    {
        var message = request.ToSummary();
        if (request.MatchedMemberId is { } memberId && request.Status is Model.RequestStatus.Matched or Model.RequestStatus.Completed)
        {
            var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == memberId, cancellationToken);
            message.MatchedMember = member.ToMatchedMember(request, await vocabularies.GetAsync(cancellationToken));
        }

        if (caller.Coordinates(request.Unit) && withTrail)
        {
            var pending = await db.Offers.AsNoTracking()
                .SingleOrDefaultAsync(o => o.RequestId == request.Id && o.Status == Model.OfferState.Pending, cancellationToken);
            message.CurrentOffer = pending?.ToMessage(null);
            var history = await db.History.AsNoTracking().Where(h => h.RequestId == request.Id).OrderBy(h => h.Id).ToListAsync(cancellationToken);
            message.History.AddRange(history.Select(h => h.ToMessage()));
        }

        return message;
    }
}
