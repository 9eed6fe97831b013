using System.Security.Claims;
using Grpc.Core;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.ComplaintPilot.Grpc;

/// <summary>Who is calling the complaint service, and for which unit.</summary>
public sealed class ComplaintCaller(ClaimsPrincipal user)
{
    public static ComplaintCaller From(ServerCallContext context) => new(context.GetHttpContext().User);

    public string Id => user.SubjectId() ?? "unknown";

    public string? Unit => user.Unit();

    public bool IsHandlerOf(string unit) => user.IsInRole(Roles.ComplaintHandler) && Unit == unit;

    public bool IsCoordinatorOf(string unit) => user.IsInRole(Roles.ComplaintCoordinator) && Unit == unit;

    public bool IsCommitteeOf(string unit) => user.IsInRole(Roles.ComplaintsCommittee) && Unit == unit;

    /// <summary>A handler or coordinator of some unit: the roles that handle complaints at all.</summary>
    public bool IsStaff => Unit is not null && (user.IsInRole(Roles.ComplaintHandler) || user.IsInRole(Roles.ComplaintCoordinator));

    /// <summary>The complaints committee of some unit.</summary>
    public bool IsCommittee => Unit is not null && user.IsInRole(Roles.ComplaintsCommittee);

    /// <summary>Reads figures and the register of some units.</summary>
    public bool Reports => ReportsOnAllUnits || ReportsOnOwnUnit;

    /// <summary>Works on the unit's complaints: a handler or coordinator of the unit.</summary>
    public bool IsStaffOf(string unit) => IsHandlerOf(unit) || IsCoordinatorOf(unit);

    /// <summary>May see the complainant's details (and the read is logged).</summary>
    public bool MaySeeComplainant(string unit) => IsStaffOf(unit) || IsCommitteeOf(unit);

    /// <summary>National management and the pilot evaluation: figures of every unit.</summary>
    public bool ReportsOnAllUnits => user.IsInRole(Roles.NationalManagement) || user.IsInRole(Roles.PilotEvaluator);

    /// <summary>Unit management and the coordinators: figures of their own unit.</summary>
    public bool ReportsOnOwnUnit => Unit is not null && (user.IsInRole(Roles.UnitManagement) || user.IsInRole(Roles.ComplaintCoordinator));

    public string Role(string unit) =>
        IsCoordinatorOf(unit) ? Roles.ComplaintCoordinator : IsHandlerOf(unit) ? Roles.ComplaintHandler : Roles.ComplaintsCommittee;

    public static PermissionDeniedException Denied() =>
        new("NOT_PERMITTED", "The caller may not do this, or the complaint does not exist.");

    public void Demand(bool allowed)
    {
        if (!allowed)
        {
            throw Denied();
        }
    }
}
