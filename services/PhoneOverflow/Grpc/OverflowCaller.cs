using System.Security.Claims;
using Grpc.Core;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.PhoneOverflow.Grpc;

/// <summary>Who is calling the overflow service, and what that lets them do.</summary>
public sealed class OverflowCaller(ClaimsPrincipal user)
{
    public static OverflowCaller From(ServerCallContext context) => new(context.GetHttpContext().User);

    public string Id => user.SubjectId() ?? "unknown";

    public string Name => user.FindFirst(SuiteClaimTypes.Name)?.Value ?? Id;

    public bool IsPlatform => user.IsInRole(Roles.TelephonyPlatform);

    public bool IsCoordinator => user.IsInRole(Roles.OverflowCoordinator);

    /// <summary>The RSC of an operator, when the caller is one.</summary>
    public string? OperatorRsc => user.IsInRole(Roles.RscOperator) ? user.Rsc() : null;

    /// <summary>The NDV member id of a member, when the caller is one.</summary>
    public string? MemberId => user.IsInRole(Roles.NdvMember) ? user.NdvMemberId() : null;

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
