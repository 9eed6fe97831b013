using Microsoft.EntityFrameworkCore;
using Pvi.IntegrationEvents.Subscribing;
using Pvi.Ndv.V1;
using Pvi.PhoneOverflow.Infrastructure;
using Pvi.PhoneOverflow.Model;

namespace Pvi.PhoneOverflow.EventHandlers;

/// <summary>
/// Keeps the Roze in Blauw roster from the NDV member register: who is a member of the network
/// with consent may go on duty; a member who leaves the network or withdraws consent is off duty
/// at once. An event older than the one applied last is ignored.
/// </summary>
public sealed class MemberChangedHandler(OverflowDbContext db, TimeProvider time) : IIntegrationEventHandler<MemberChanged>
{
    public const string RozeInBlauw = "roze-in-blauw";

    public async Task HandleAsync(MemberChanged @event, IntegrationEventContext context, CancellationToken cancellationToken)
    {
        var changedAt = @event.ChangeTime?.ToDateTime() ?? time.GetUtcNow().UtcDateTime;
        var isMember = @event.Networks.Contains(RozeInBlauw);
        var member = await db.DutyMembers.SingleOrDefaultAsync(m => m.MemberId == @event.MemberId, cancellationToken);
        if (member is null)
        {
            if (!isMember)
            {
                return;
            }

            member = new DutyMember { MemberId = @event.MemberId, Name = @event.Name, HomeUnit = @event.HomeUnit };
            db.DutyMembers.Add(member);
        }
        else if (member.ChangedAt > changedAt)
        {
            return;
        }

        member.Name = @event.Name;
        member.HomeUnit = @event.HomeUnit;
        member.IsRozeInBlauw = isMember;
        member.ConsentActive = @event.ConsentActive;
        member.ChangedAt = changedAt;
        if (!member.MayTakeCalls && member.OnDuty)
        {
            member.OnDuty = false;
            member.OnDutySince = null;
        }

        member.Version++;
    }
}
