using System.Security.Claims;

namespace Pvi.ServiceDefaults.Authentication;

/// <summary>
/// The roles of the suite's users. Each role is also an authorization policy of the same name.
/// </summary>
public static class Roles
{
    public const string BasicTeam = "basic-team";
    public const string NdvMember = "ndv-member";
    public const string NdvCoordinator = "ndv-coordinator";
    public const string NdvNationalCoordinator = "ndv-national-coordinator";
    public const string RscOperator = "rsc-operator";
    public const string OverflowCoordinator = "overflow-coordinator";
    public const string TelephonyPlatform = "telephony-platform";
    public const string ComplaintHandler = "complaint-handler";
    public const string ComplaintCoordinator = "complaint-coordinator";
    public const string ComplaintsCommittee = "complaints-committee";
    public const string UnitManagement = "unit-management";
    public const string NationalManagement = "national-management";
    public const string PilotEvaluator = "pilot-evaluator";
    public const string SurveyAdministrator = "survey-administrator";
    public const string Employee = "employee";

    /// <summary>Another service of the suite calling with its own identity.</summary>
    public const string Service = "service";

    public static IReadOnlyList<string> All { get; } =
    [
        BasicTeam, NdvMember, NdvCoordinator, NdvNationalCoordinator, RscOperator, OverflowCoordinator,
        TelephonyPlatform, ComplaintHandler, ComplaintCoordinator, ComplaintsCommittee, UnitManagement,
        NationalManagement, PilotEvaluator, SurveyAdministrator, Employee, Service,
    ];
}
