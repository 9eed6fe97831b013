using System.Security.Claims;
using Grpc.Core;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.PhoneOverflow.Grpc;

/// <summary>Who is calling the overflow service, and what that lets them do.</summary>
public sealed class OverflowCaller(ClaimsPrincipal user) : Caller(user)
{
    public static OverflowCaller From(ServerCallContext context) => new(UserOf(context));

    public string Name => User.FindFirst(SuiteClaimTypes.Name)?.Value ?? Id;

    public bool IsPlatform => IsIn(Roles.TelephonyPlatform);

    public bool IsCoordinator => IsIn(Roles.OverflowCoordinator);

    /// <summary>The RSC of an operator, when the caller is one.</summary>
    public string? OperatorRsc => IsIn(Roles.RscOperator) ? User.Rsc() : null;

    /// <summary>The NDV member id of a member, when the caller is one.</summary>
    public string? MemberId => IsIn(Roles.NdvMember) ? User.NdvMemberId() : null;
}
