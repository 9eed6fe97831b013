using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.ComplaintPilot.Infrastructure;
using Pvi.IntegrationEvents.Subscribing;
using Pvi.Ndv.V1;
using Pvi.ServiceDefaults.Data;
using Pvi.ServiceDefaults.Hosting;
using Model = Pvi.ComplaintPilot.Model;

namespace Pvi.ComplaintPilot.Handling;

/// <summary>
/// The pilot involves an NDV network representative in every pilot case: the service asks the NDV
/// matching service for one over gRPC (its own identity, a deadline, the complaint's id as
/// request_id so that a retry never makes a second request). A case registered while the NDV
/// service is down keeps its request pending and the clock tries again until it succeeds.
/// </summary>
public sealed partial class NdvRepresentatives(
    ComplaintsDbContext db, NdvMatchingService.NdvMatchingServiceClient ndv, ComplaintOptions options, TimeProvider time, ILogger<NdvRepresentatives> logger)
{
    public const string ExpertiseTag = "ethnic-profiling-experience";

    /// <returns>How many pending requests were recorded as taken by the NDV service.</returns>
    public async Task<int> RequestPendingAsync(CancellationToken cancellationToken)
    {
        var pending = await db.Complaints.AsNoTracking().Where(c => c.NdvRequestPending).OrderBy(c => c.CreatedAt)
            .Select(c => new { c.Id, c.Unit }).Take(50).ToListAsync(cancellationToken);
        var requested = 0;
        foreach (var complaint in pending)
        {
            ExpertiseRequest created;
            try
            {
                created = await ndv.CreateExpertiseRequestAsync(new CreateExpertiseRequestRequest
                {
                    RequestId = complaint.Id,
                    Unit = complaint.Unit,
                    NeededExpertise = { ExpertiseTag },
                    Urgency = Urgency.Normal,
                    ExpectedHours = options.RepresentativeHours,
                    Description = "NDV network representative for a complaint about ethnic profiling (pilot).",
                }, deadline: DateTime.UtcNow + options.NdvCallTimeout, cancellationToken: cancellationToken); // a network deadline runs on the wall clock
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.ResourceExhausted)
            {
                // Stays pending: the next tick asks again with the same request_id.
                LogRetry(logger, ex.StatusCode);
                break;
            }

            // Read again after the call, in a unit of work: a change of the complaint meanwhile (its
            // handler at work, the acceptance that overtook this save) is kept, and a lost race is redone.
            var recorded = await db.RunAsync(async ct =>
            {
                var current = await db.Complaints.SingleAsync(c => c.Id == complaint.Id, ct);
                if (!Record(db, time, current, created.Id))
                {
                    return false;
                }

                await db.SaveChangesAsync(ct);
                return true;
            }, cancellationToken);
            requested += recorded ? 1 : 0;
        }

        return requested;
    }

    /// <summary>Records the NDV request on the complaint with its history entry, once.</summary>
    internal static bool Record(ComplaintsDbContext db, TimeProvider time, Model.Complaint complaint, string ndvRequestId)
    {
        if (!complaint.RecordNdvRequest(ndvRequestId))
        {
            return false;
        }

        db.History.Add(new Model.ComplaintHistoryEntry { ComplaintId = complaint.Id, At = time.GetUtcNow().UtcDateTime, Kind = "ndv-requested", Actor = "system", Detail = "NDV network representative requested" });
        return true;
    }

    [LoggerMessage(EventId = 50, Level = LogLevel.Warning, Message = "The NDV service did not take the representative request ({Status}); asking again at the next tick")]
    private static partial void LogRetry(ILogger logger, StatusCode status);
}

/// <summary>
/// Records the representative on the case when a member accepts the NDV request (event
/// ndv.offer-accepted). The event is placed by the complaint's id, which the complaint service gave
/// as the request's request_id before the call, so an acceptance that arrives before the complaint
/// service has saved the NDV request's id still finds its complaint.
/// </summary>
public sealed class RepresentativeAssignedHandler(ComplaintsDbContext db, TimeProvider time) : IIntegrationEventHandler<OfferAccepted>
{
    public async Task HandleAsync(OfferAccepted @event, IntegrationEventContext context, CancellationToken cancellationToken)
    {
        var complaint = await db.Complaints.SingleOrDefaultAsync(c => c.NdvRequestId == @event.RequestId, cancellationToken);
        if (complaint is null && !string.IsNullOrEmpty(@event.ClientRequestId))
        {
            complaint = await db.Complaints.SingleOrDefaultAsync(
                c => c.Id == @event.ClientRequestId && c.PilotCase && c.NdvRequestId == null, cancellationToken);
        }

        if (complaint is null)
        {
            return; // an NDV request of a basic team, not of a complaint
        }

        NdvRepresentatives.Record(db, time, complaint, @event.RequestId);
        if (complaint.RecordNdvRepresentative(@event.MemberId))
        {
            db.History.Add(new Model.ComplaintHistoryEntry { ComplaintId = complaint.Id, At = time.GetUtcNow().UtcDateTime, Kind = "ndv-representative", Actor = "system", Detail = @event.MemberId });
        }
    }
}

/// <summary>Asks for pending NDV representatives by itself on the injected clock.</summary>
public sealed class RepresentativeClock(
    IServiceScopeFactory scopes, DatabaseInitialization<ComplaintsDbContext> database, ComplaintOptions options, TimeProvider time, ILogger<RepresentativeClock> logger)
    : ClockedWork<ComplaintsDbContext>(scopes, database, time, logger)
{
    protected override TimeSpan Interval => options.NdvRetryInterval;

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<NdvRepresentatives>().RequestPendingAsync(cancellationToken);
}
