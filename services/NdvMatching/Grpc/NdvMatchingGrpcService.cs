using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.Ndv.V1;
using Pvi.NdvMatching.Infrastructure;
using Pvi.ServiceDefaults.Data;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.NdvMatching.Grpc;

public sealed class NdvMatchingGrpcService(NdvDbContext db) : NdvMatchingService.NdvMatchingServiceBase
{
    public override async Task<ListNetworksResponse> ListNetworks(ListNetworksRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations().PageSize("page_size", request.PageSize);
        var after = Paging.AfterKey(request.PageToken, violations);
        violations.ThrowIfAny();

        var pageSize = Paging.EffectivePageSize(request.PageSize);
        var query = db.Networks.AsNoTracking().OrderBy(n => n.Code).AsQueryable();
        if (after is not null)
        {
            query = query.Where(n => string.Compare(n.Code, after) > 0);
        }

        var page = await query.Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var response = new ListNetworksResponse
        {
            NextPageToken = page.Count > pageSize ? Paging.NextPageToken(page[pageSize - 1].Code) : string.Empty,
        };
        response.Networks.AddRange(page.Take(pageSize).Select(n => new Network
        {
            Code = n.Code,
            Name = n.Name,
            Description = n.Description,
        }));
        return response;
    }
}
