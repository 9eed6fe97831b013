using Microsoft.EntityFrameworkCore;
using Pvi.ComplaintPilot.Handling;
using Pvi.ComplaintPilot.Infrastructure;
using Pvi.IntegrationEvents.Subscribing;
using Pvi.Ndv.V1;
using Model = Pvi.ComplaintPilot.Model;

namespace Pvi.ComplaintPilot.EventHandlers;

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
