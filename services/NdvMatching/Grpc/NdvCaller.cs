using System.Security.Claims;
using Grpc.Core;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.NdvMatching.Grpc;

/// <summary>
/// Who is calling and what they may see (services/NdvMatching/README.md): basic teams their unit's requests,
/// members themselves, unit coordinators their unit, the national coordinator everything.
/// </summary>
public sealed class NdvCaller(ClaimsPrincipal user) : Caller(user)
{
    public static NdvCaller From(ServerCallContext context) => new(UserOf(context));

    public string? Team => User.Team();

    public bool IsNational => IsIn(Roles.NdvNationalCoordinator);

    public bool IsCoordinator => IsNational || IsIn(Roles.NdvCoordinator);

    public bool IsBasicTeam => IsIn(Roles.BasicTeam);

    /// <summary>Another service of the suite (the complaint pilot asking for a network representative).</summary>
    public bool IsService => IsIn(Roles.Service);

    /// <summary>The caller's own member id, when they are an NDV member.</summary>
    public string? MemberId => IsIn(Roles.NdvMember) ? User.NdvMemberId() : null;

    public bool Coordinates(string unit) =>
        IsNational || (IsIn(Roles.NdvCoordinator) && string.Equals(Unit, unit, StringComparison.Ordinal));

    public bool IsTeamOf(string unit) => IsService || (IsBasicTeam && string.Equals(Unit, unit, StringComparison.Ordinal));

    public bool Is(string memberId) => MemberId is not null && string.Equals(MemberId, memberId, StringComparison.Ordinal);
}
