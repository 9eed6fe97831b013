using System.Security.Claims;
using Grpc.Core;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.NdvMatching.Grpc;

/// <summary>
/// Who is calling and what they may see (DOMAIN.md section 1): basic teams their unit's requests,
/// members themselves, unit coordinators their unit, the national coordinator everything.
/// </summary>
public sealed class NdvCaller(ClaimsPrincipal user)
{
    public static NdvCaller From(ServerCallContext context) => new(context.GetHttpContext().User);

    public string Id => user.SubjectId() ?? "unknown";

    public string? Unit => user.Unit();

    public string? Team => user.Team();

    public bool IsNational => user.IsInRole(Roles.NdvNationalCoordinator);

    public bool IsCoordinator => IsNational || user.IsInRole(Roles.NdvCoordinator);

    public bool IsBasicTeam => user.IsInRole(Roles.BasicTeam);

    /// <summary>Another service of the suite (the complaint pilot asking for a network representative).</summary>
    public bool IsService => user.IsInRole(Roles.Service);

    /// <summary>The caller's own member id, when they are an NDV member.</summary>
    public string? MemberId => user.IsInRole(Roles.NdvMember) ? user.NdvMemberId() : null;

    public bool Coordinates(string unit) =>
        IsNational || (user.IsInRole(Roles.NdvCoordinator) && string.Equals(Unit, unit, StringComparison.Ordinal));

    public bool IsTeamOf(string unit) => IsService || (IsBasicTeam && string.Equals(Unit, unit, StringComparison.Ordinal));

    public bool Is(string memberId) => MemberId is not null && string.Equals(MemberId, memberId, StringComparison.Ordinal);

    /// <summary>The one answer for "not yours" and "not there", so that nobody learns what exists.</summary>
    public static PermissionDeniedException Denied() =>
        new("NOT_PERMITTED", "The caller may not do this, or the resource does not exist.");

    public void Demand(bool allowed)
    {
        if (!allowed)
        {
            throw Denied();
        }
    }
}
