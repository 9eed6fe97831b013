using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.ComplaintPilot.Infrastructure;
using Pvi.Ndv.V1;
using Pvi.ServiceData;
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
