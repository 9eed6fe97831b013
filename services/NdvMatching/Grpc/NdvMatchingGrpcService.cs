using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.Ndv.V1;
using Pvi.NdvMatching.Infrastructure;
using Pvi.ServiceDefaults.Data;

namespace Pvi.NdvMatching.Grpc;

public sealed class NdvMatchingGrpcService(NdvDbContext db) : NdvMatchingService.NdvMatchingServiceBase
{
    public override async Task<ListNetworksResponse> ListNetworks(ListNetworksRequest request, ServerCallContext context)
    {
        var page = await db.Networks.AsNoTracking()
            .ToPageAsync(n => n.Code, Paging.Read(request.PageSize, request.PageToken), context.CancellationToken);

        var response = new ListNetworksResponse { NextPageToken = page.NextPageToken };
        response.Networks.AddRange(page.Items.Select(n => new Network { Code = n.Code, Name = n.Name, Description = n.Description }));
        return response;
    }
}
