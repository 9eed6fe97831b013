using Google.Protobuf.WellKnownTypes;
using Pvi.Ndv.V1;
using Member = Pvi.NdvMatching.Model.Member;

namespace Pvi.NdvMatching.Matching;

public static class MemberEvents
{
    /// <summary>
    /// The networks other services act on. Membership of the others (faith, origin) is part of the
    /// member's profile and stays in this service.
    /// </summary>
    public static readonly IReadOnlySet<string> SharedNetworks = new HashSet<string>(StringComparer.Ordinal) { Model.Network.RozeInBlauw };

    /// <summary>What other services learn of a member: the shared networks and consent, never the profile.</summary>
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
        changed.Networks.AddRange(member.Networks.Where(SharedNetworks.Contains));
        return changed;
    }
}
