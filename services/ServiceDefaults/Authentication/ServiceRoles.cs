namespace Pvi.ServiceDefaults.Authentication;

/// <summary>
/// The roles each domain service admits at all, in one place: the service's gRPC class requires one
/// of them (<c>[Authorize(Roles = ...)]</c>) and the gateway's routes to the service admit the same
/// (its route policies <c>route:{name}</c> are built from <see cref="ByRoute"/>). What a role may do
/// inside a service is that service's own rule, at the top of each RPC, with the resource in hand.
/// </summary>
public static class ServiceRoles
{
    public const string Ndv = Roles.BasicTeam + "," + Roles.NdvMember + "," + Roles.NdvCoordinator + "," + Roles.NdvNationalCoordinator + "," + Roles.Service;

    public const string Overflow = Roles.TelephonyPlatform + "," + Roles.RscOperator + "," + Roles.OverflowCoordinator + ","
        + Roles.NdvMember + "," + Roles.NdvCoordinator + "," + Roles.NdvNationalCoordinator;

    public const string Complaints = Roles.ComplaintHandler + "," + Roles.ComplaintCoordinator + "," + Roles.ComplaintsCommittee + ","
        + Roles.UnitManagement + "," + Roles.NationalManagement + "," + Roles.PilotEvaluator;

    public const string Survey = Roles.Employee + "," + Roles.SurveyAdministrator + "," + Roles.UnitManagement + "," + Roles.NationalManagement;

    /// <summary>The gateway's route policy names and the roles each admits.</summary>
    public static IReadOnlyDictionary<string, string[]> ByRoute { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["ndv"] = Ndv.Split(','),
        ["overflow"] = Overflow.Split(','),
        ["complaints"] = Complaints.Split(','),
        ["survey"] = Survey.Split(','),
    };
}
