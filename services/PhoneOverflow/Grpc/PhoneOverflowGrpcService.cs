using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.PhoneOverflow.Infrastructure;
using Pvi.Overflow.V1;
using Pvi.ServiceDefaults.Data;

namespace Pvi.PhoneOverflow.Grpc;

public sealed class PhoneOverflowGrpcService(OverflowDbContext db) : PhoneOverflowService.PhoneOverflowServiceBase
{
    public override async Task<ListRegionalServiceCentresResponse> ListRegionalServiceCentres(ListRegionalServiceCentresRequest request, ServerCallContext context)
    {
        var page = await db.RegionalServiceCentres.AsNoTracking()
            .ToPageAsync(x => x.Code, Paging.Read(request.PageSize, request.PageToken), context.CancellationToken);

        var response = new ListRegionalServiceCentresResponse { NextPageToken = page.NextPageToken };
        response.RegionalServiceCentres.AddRange(page.Items.Select(x => new RegionalServiceCentre { Code = x.Code, Name = x.Name, Unit = x.Unit }));
        return response;
    }
}
