using Microsoft.EntityFrameworkCore;
using Pvi.IntegrationEvents.Subscribing;
using Pvi.NdvMatching.Matching;
using Pvi.NdvMatching.Model;
using Pvi.Overflow.V1;
using Pvi.ServiceData;

namespace Pvi.NdvMatching.EventHandlers;

/// <summary>
/// A call of the Roze in Blauw line that a member answered is NDV work: its duration, in whole
/// minutes rounded up, comes off the member's duty-time budget in the period the call ended, once
/// per call (the event's id and the call id are both kept).
/// </summary>
public sealed class CallTimeHandler(Infrastructure.NdvDbContext db, TimeProvider time) : IIntegrationEventHandler<CallCompleted>
{
    public const string AnsweredByMember = "member";

    public async Task HandleAsync(CallCompleted @event, IntegrationEventContext context, CancellationToken cancellationToken)
    {
        if (@event.AnsweredByKind != AnsweredByMember || @event.DurationSeconds <= 0)
        {
            return; // answered at an RSC: not NDV work
        }

        // The minutes come off the member's budget: matching does not decide meanwhile.
        await db.LockDecisionAsync(ExpertiseMatcher.Decision, cancellationToken);
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == @event.AnsweredById, cancellationToken);
        if (member is null)
        {
            // The roster learns its members from this register, so the member should be here; the
            // event is never acknowledged away: retried, then kept in the dead letters to replay.
            throw new EventNotPlaceableException($"Call {@event.CallId} was answered by a member this register does not know (yet).");
        }

        if (await db.WorkRecords.AnyAsync(w => w.Kind == WorkRecord.RozeInBlauwCall && w.SourceId == @event.CallId, cancellationToken))
        {
            return;
        }

        db.WorkRecords.Add(new WorkRecord
        {
            Id = Guid.CreateVersion7().ToString(),
            MemberId = member.Id,
            MemberUnit = member.HomeUnit,
            Kind = WorkRecord.RozeInBlauwCall,
            SourceId = @event.CallId,
            Minutes = (int)Math.Ceiling(@event.DurationSeconds / 60),
            DoneAt = @event.CompleteTime?.ToDateTime() ?? time.GetUtcNow().UtcDateTime,
        });
    }
}
