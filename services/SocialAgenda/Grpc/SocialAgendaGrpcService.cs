using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.SocialAgenda.Infrastructure;
using Pvi.Survey.V1;
using Pvi.ServiceDefaults.Data;

namespace Pvi.SocialAgenda.Grpc;

public sealed class SocialAgendaGrpcService(SurveyDbContext db) : SocialAgendaService.SocialAgendaServiceBase
{
    public override async Task<ListUnitsResponse> ListUnits(ListUnitsRequest request, ServerCallContext context)
    {
        var page = await db.Units.AsNoTracking()
            .ToPageAsync(x => x.Code, Paging.Read(request.PageSize, request.PageToken), context.CancellationToken);

        var response = new ListUnitsResponse { NextPageToken = page.NextPageToken };
        response.Units.AddRange(page.Items.Select(x => new Unit { Code = x.Code, Name = x.Name, Kind = x.Kind }));
        return response;
    }
}
