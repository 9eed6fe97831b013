using System.Security.Claims;
using Grpc.Core;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.ServiceDefaults.Authentication;

/// <summary>
/// Who is calling a service, read from the claims of the token the service validated. Each service
/// derives its own caller (NdvCaller, OverflowCaller, ComplaintCaller, SurveyCaller) that names what
/// its roles may see and do; the plumbing they share is here: the claims, the one refusal and
/// <see cref="Demand"/>.
/// </summary>
public abstract class Caller(ClaimsPrincipal user)
{
    /// <summary>The one answer for "not yours" and "not there", so that nobody learns what exists.</summary>
    public const string DeniedMessage = "The caller may not do this, or the resource does not exist.";

    protected ClaimsPrincipal User { get; } = user;

    public string Id => User.SubjectId() ?? "unknown";

    public string? Unit => User.Unit();

    protected bool IsIn(string role) => User.IsInRole(role);

    /// <summary>In the role, and of the unit (a unit-bound role acting on its own unit).</summary>
    protected bool IsIn(string role, string unit) => User.IsInRole(role) && string.Equals(Unit, unit, StringComparison.Ordinal);

    /// <summary>The principal of a call, for the derived caller's <c>From</c>.</summary>
    protected static ClaimsPrincipal UserOf(ServerCallContext context) => context.GetHttpContext().User;

    public static PermissionDeniedException Denied() => new("NOT_PERMITTED", DeniedMessage);

    /// <summary>Refuses the call with <see cref="Denied"/> unless <paramref name="allowed"/>.</summary>
    public void Demand(bool allowed)
    {
        if (!allowed)
        {
            throw Denied();
        }
    }
}
