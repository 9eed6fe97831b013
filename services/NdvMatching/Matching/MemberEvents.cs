using Google.Protobuf.WellKnownTypes;
using Pvi.Ndv.V1;
using Member = Pvi.NdvMatching.Model.Member;

namespace Pvi.NdvMatching.Matching;

public static class MemberEvents
{
    /// <summary>What other services learn of a member: networks and consent, never the expertise profile.</summary>
    public static MemberChanged Changed(Member member, DateTime now)
    {
        var changed = new MemberChanged
        {
            MemberId = member.Id,
            Name = member.Name,
            HomeUnit = member.HomeUnit,
            ConsentActive = member.ConsentActive,
            ChangeTime = Timestamp.FromDateTime(now),
        };
        changed.Networks.AddRange(member.Networks);
        return changed;
    }
}
