using System.Security.Claims;
using Grpc.Core;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.ComplaintPilot.Grpc;

/// <summary>Who is calling the complaint service, and for which unit.</summary>
public sealed class ComplaintCaller(ClaimsPrincipal user) : Caller(user)
{
    public static ComplaintCaller From(ServerCallContext context) => new(UserOf(context));

    public bool IsHandlerOf(string unit) => IsIn(Roles.ComplaintHandler) && Unit == unit;

    public bool IsCoordinatorOf(string unit) => IsIn(Roles.ComplaintCoordinator) && Unit == unit;

    public bool IsCommitteeOf(string unit) => IsIn(Roles.ComplaintsCommittee) && Unit == unit;

    /// <summary>A handler or coordinator of some unit: the roles that handle complaints at all.</summary>
    public bool IsStaff => Unit is not null && (IsIn(Roles.ComplaintHandler) || IsIn(Roles.ComplaintCoordinator));

    /// <summary>The complaints committee of some unit.</summary>
    public bool IsCommittee => Unit is not null && IsIn(Roles.ComplaintsCommittee);

    /// <summary>Reads figures and the register of some units.</summary>
    public bool Reports => ReportsOnAllUnits || ReportsOnOwnUnit;

    /// <summary>Works on the unit's complaints: a handler or coordinator of the unit.</summary>
    public bool IsStaffOf(string unit) => IsHandlerOf(unit) || IsCoordinatorOf(unit);

    /// <summary>May see the complainant's details (and the read is logged).</summary>
    public bool MaySeeComplainant(string unit) => IsStaffOf(unit) || IsCommitteeOf(unit);

    /// <summary>National management and the pilot evaluation: figures of every unit.</summary>
    public bool ReportsOnAllUnits => IsIn(Roles.NationalManagement) || IsIn(Roles.PilotEvaluator);

    /// <summary>Unit management and the coordinators: figures of their own unit.</summary>
    public bool ReportsOnOwnUnit => Unit is not null && (IsIn(Roles.UnitManagement) || IsIn(Roles.ComplaintCoordinator));

    public string Role(string unit) =>
        IsCoordinatorOf(unit) ? Roles.ComplaintCoordinator : IsHandlerOf(unit) ? Roles.ComplaintHandler : Roles.ComplaintsCommittee;
}
