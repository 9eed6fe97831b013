using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Pvi.IntegrationEvents.Publishing;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Errors;
using Pvi.SocialAgenda.Infrastructure;
using Pvi.SocialAgenda.Responses;
using Pvi.SocialAgenda.Results;
using Pvi.Survey.V1;
using Model = Pvi.SocialAgenda.Model;
using Pvi.ServiceDefaults.Time;

namespace Pvi.SocialAgenda.Grpc;

/// <summary>The survey API: instruments, waves and invitations, anonymous responses, results and measures.</summary>
[Authorize(Roles = ServiceRoles.Survey)]
public sealed partial class SocialAgendaGrpcService(
    SurveyDbContext db, SurveyOptions options, LocalCalendar calendar, PublishedInstruments instruments, WaveClosing closing, IOutbox outbox, TimeProvider time) : SocialAgendaService.SocialAgendaServiceBase
{
    private const string DateFormat = "yyyy-MM-dd";

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public override async Task<ListUnitsResponse> ListUnits(ListUnitsRequest request, ServerCallContext context)
    {
        var page = await db.Units.AsNoTracking()
            .ToPageAsync(x => x.Code, Paging.Read(request.PageSize, request.PageToken), context.CancellationToken);

        var response = new ListUnitsResponse { NextPageToken = page.NextPageToken };
        response.Units.AddRange(page.Items.Select(x => new Unit { Code = x.Code, Name = x.Name, Kind = x.Kind }));
        return response;
    }

    /// <summary>A required unit code that the service knows.</summary>
    private async Task UnitAsync(FieldViolations violations, string field, string value, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(value))
        {
            violations.Add(field, "is required");
        }
        else if (!await db.Units.AsNoTracking().AnyAsync(u => u.Code == value, cancellationToken))
        {
            violations.Add(field, "is not a known unit code");
        }
    }
}
