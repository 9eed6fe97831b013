using System.Security.Claims;

namespace Pvi.ServiceDefaults.Authentication;

public static class ClaimsPrincipalExtensions
{
    public static string? Unit(this ClaimsPrincipal user) => user.FindFirst(SuiteClaimTypes.Unit)?.Value;

    public static string? Team(this ClaimsPrincipal user) => user.FindFirst(SuiteClaimTypes.Team)?.Value;

    public static string? Rsc(this ClaimsPrincipal user) => user.FindFirst(SuiteClaimTypes.Rsc)?.Value;

    public static string? NdvMemberId(this ClaimsPrincipal user) => user.FindFirst(SuiteClaimTypes.NdvMember)?.Value;

    public static string? SubjectId(this ClaimsPrincipal user) => user.FindFirst(SuiteClaimTypes.Subject)?.Value;
}
