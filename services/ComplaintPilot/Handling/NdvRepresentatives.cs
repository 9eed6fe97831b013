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

    public async Task<int> RequestPendingAsync(CancellationToken cancellationToken)
    {
        var pending = await db.Complaints.Where(c => c.NdvRequestPending).OrderBy(c => c.CreatedAt).Take(50).ToListAsync(cancellationToken);
        var requested = 0;
        foreach (var complaint in pending)
        {
            try
            {
                var created = await ndv.CreateExpertiseRequestAsync(new CreateExpertiseRequestRequest
                {
                    RequestId = complaint.Id,
                    Unit = complaint.Unit,
                    NeededExpertise = { ExpertiseTag },
                    Urgency = Urgency.Normal,
                    ExpectedHours = options.RepresentativeHours,
                    Description = "NDV network representative for a complaint about ethnic profiling (pilot).",
                }, deadline: DateTime.UtcNow + options.NdvCallTimeout, cancellationToken: cancellationToken); // a network deadline runs on the wall clock
                complaint.NdvRequestPending = false;
                complaint.NdvRequestId = created.Id;
                complaint.Version++;
                db.History.Add(new Model.ComplaintHistoryEntry { ComplaintId = complaint.Id, At = time.GetUtcNow().UtcDateTime, Kind = "ndv-requested", Actor = "system", Detail = "NDV network representative requested" });
                await db.SaveChangesAsync(cancellationToken);
                requested++;
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.ResourceExhausted)
            {
                // Stays pending: the next tick asks again with the same request_id.
                LogRetry(logger, ex.StatusCode);
                break;
            }
        }

        return requested;
    }

    [LoggerMessage(EventId = 50, Level = LogLevel.Warning, Message = "The NDV service did not take the representative request ({Status}); asking again at the next tick")]
    private static partial void LogRetry(ILogger logger, StatusCode status);
}

/// <summary>Records the representative on the case when a member accepts the NDV request (event ndv.offer-accepted).</summary>
public sealed class RepresentativeAssignedHandler(ComplaintsDbContext db, TimeProvider time) : IIntegrationEventHandler<OfferAccepted>
{
    public async Task HandleAsync(OfferAccepted @event, IntegrationEventContext context, CancellationToken cancellationToken)
    {
        var complaint = await db.Complaints.SingleOrDefaultAsync(c => c.NdvRequestId == @event.RequestId, cancellationToken);
        if (complaint is null)
        {
            return; // an NDV request of a basic team, not of a complaint
        }

        complaint.NdvRepresentative = @event.MemberId;
        complaint.Version++;
        db.History.Add(new Model.ComplaintHistoryEntry { ComplaintId = complaint.Id, At = time.GetUtcNow().UtcDateTime, Kind = "ndv-representative", Actor = "system", Detail = @event.MemberId });
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
