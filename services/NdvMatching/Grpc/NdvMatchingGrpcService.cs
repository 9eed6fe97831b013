using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Pvi.IntegrationEvents.Publishing;
using Pvi.Ndv.V1;
using Pvi.NdvMatching.Infrastructure;
using Pvi.NdvMatching.Matching;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Errors;
using Model = Pvi.NdvMatching.Model;

namespace Pvi.NdvMatching.Grpc;

/// <summary>
/// The NDV matching API. Role checks here; resource checks (whose unit, whose offer) in each
/// method through <see cref="NdvCaller"/>, before anything is looked up by id.
/// </summary>
[Authorize(Roles = ServiceRoles.Ndv)]
public sealed partial class NdvMatchingGrpcService(
    NdvDbContext db,
    ExpertiseMatcher matcher,
    DutyBudgets budgets,
    PeriodFigures figures,
    VocabularyCache vocabularies,
    IOutbox outbox) : NdvMatchingService.NdvMatchingServiceBase
{
    public override async Task<ListNetworksResponse> ListNetworks(ListNetworksRequest request, ServerCallContext context)
    {
        var page = await db.Networks.AsNoTracking()
            .ToPageAsync(n => n.Code, Paging.Read(request.PageSize, request.PageToken), context.CancellationToken);

        var response = new ListNetworksResponse { NextPageToken = page.NextPageToken };
        response.Networks.AddRange(page.Items.Select(n => new Network { Code = n.Code, Name = n.Name, Description = n.Description }));
        return response;
    }

    public override async Task<ListExpertiseTagsResponse> ListExpertiseTags(ListExpertiseTagsRequest request, ServerCallContext context)
    {
        var page = await db.ExpertiseTags.AsNoTracking()
            .ToPageAsync(t => t.Code, Paging.Read(request.PageSize, request.PageToken), context.CancellationToken);

        var response = new ListExpertiseTagsResponse { NextPageToken = page.NextPageToken };
        response.Tags.AddRange(page.Items.Select(t => t.ToMessage()));
        return response;
    }

    private DateTime Now => matcher.Now;

    private async Task<Model.ExpertiseRequest> VisibleRequestAsync(NdvCaller caller, string id, bool coordinatorsOnly, CancellationToken cancellationToken)
    {
        var violations = new FieldViolations();
        violations.Id("id", id);
        violations.ThrowIfAny();

        var request = await RequestById.For(db)(db, id, cancellationToken);
        if (request is null)
        {
            // Only who may see every request learns that one does not exist.
            throw caller.IsNational ? new NotFoundException("REQUEST_NOT_FOUND", "No such request.") : NdvCaller.Denied();
        }

        caller.Demand(caller.Coordinates(request.Unit) || (!coordinatorsOnly && caller.IsTeamOf(request.Unit)));
        return request;
    }

    private static readonly CompiledQuery<Func<NdvDbContext, string, CancellationToken, Task<Model.ExpertiseRequest?>>> RequestById =
        new(() => EF.CompileAsyncQuery((NdvDbContext db, string id, CancellationToken _) => db.Requests.SingleOrDefault(r => r.Id == id)));

    private async Task<Model.Member> VisibleMemberAsync(NdvCaller caller, string memberId, bool memberMayAct, CancellationToken cancellationToken, bool tracked = true)
    {
        var violations = new FieldViolations();
        NdvValidation.MemberId(violations, "member_id", memberId);
        violations.ThrowIfAny();

        var query = tracked ? db.Members : db.Members.AsNoTracking();
        var member = await query.Include(m => m.Unavailable).SingleOrDefaultAsync(m => m.Id == memberId, cancellationToken);
        if (member is null)
        {
            throw caller.IsNational ? new NotFoundException("MEMBER_NOT_FOUND", "No such member.") : NdvCaller.Denied();
        }

        caller.Demand(caller.Coordinates(member.HomeUnit) || (memberMayAct && caller.Is(member.Id)));
        return member;
    }
}
