using System.Security.Claims;

namespace Pvi.ServiceDefaults.Authentication;

/// <summary>The claims a token of the suite carries, besides <c>sub</c> and <c>name</c>.</summary>
public static class SuiteClaimTypes
{
    public const string Role = "role";
    public const string Name = "name";
    public const string Subject = "sub";

    /// <summary>The user's eenheid (police unit) code, e.g. <c>AM</c>.</summary>
    public const string Unit = "unit";

    /// <summary>The user's basisteam or team code inside the unit.</summary>
    public const string Team = "team";

    /// <summary>The regional service centre an RSC operator works at.</summary>
    public const string Rsc = "rsc";

    /// <summary>The user's member id in the NDV member register, when they are a member.</summary>
    public const string NdvMember = "ndv_member";
}

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

public static class ClaimsPrincipalExtensions
{
    public static string? Unit(this ClaimsPrincipal user) => user.FindFirst(SuiteClaimTypes.Unit)?.Value;

    public static string? Team(this ClaimsPrincipal user) => user.FindFirst(SuiteClaimTypes.Team)?.Value;

    public static string? Rsc(this ClaimsPrincipal user) => user.FindFirst(SuiteClaimTypes.Rsc)?.Value;

    public static string? NdvMemberId(this ClaimsPrincipal user) => user.FindFirst(SuiteClaimTypes.NdvMember)?.Value;

    public static string? SubjectId(this ClaimsPrincipal user) => user.FindFirst(SuiteClaimTypes.Subject)?.Value;
}
