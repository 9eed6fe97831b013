using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.ComplaintPilot.Infrastructure;
using Pvi.Complaints.V1;
using Pvi.ServiceDefaults.Data;

namespace Pvi.ComplaintPilot.Grpc;

public sealed class ComplaintPilotGrpcService(ComplaintsDbContext db) : ComplaintPilotService.ComplaintPilotServiceBase
{
    public override async Task<ListCategoriesResponse> ListCategories(ListCategoriesRequest request, ServerCallContext context)
    {
        var page = await db.Categories.AsNoTracking()
            .ToPageAsync(x => x.Code, Paging.Read(request.PageSize, request.PageToken), context.CancellationToken);

        var response = new ListCategoriesResponse { NextPageToken = page.NextPageToken };
        response.Categories.AddRange(page.Items.Select(x => new ComplaintCategory { Code = x.Code, Name = x.Name, EthnicProfiling = x.EthnicProfiling }));
        return response;
    }
}
