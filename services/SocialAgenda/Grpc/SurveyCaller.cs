using System.Security.Claims;
using Grpc.Core;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.SocialAgenda.Grpc;

/// <summary>Who is calling the survey service. The identity of a respondent is never read.</summary>
public sealed class SurveyCaller(ClaimsPrincipal user)
{
    public static SurveyCaller From(ServerCallContext context) => new(context.GetHttpContext().User);

    public string Id => user.SubjectId() ?? "unknown";

    public bool IsAdministrator => user.IsInRole(Roles.SurveyAdministrator);

    public bool IsEmployee => user.IsInRole(Roles.Employee);

    /// <summary>National management: the national picture and every unit.</summary>
    public bool IsNational => user.IsInRole(Roles.NationalManagement);

    /// <summary>Unit management of the unit (its results, comments and measures).</summary>
    public bool ManagesUnit(string unit) => user.IsInRole(Roles.UnitManagement) && user.Unit() == unit;

    /// <summary>Unit management of some unit: reads the closed waves.</summary>
    public bool ReadsAnyUnit => IsNational || (user.IsInRole(Roles.UnitManagement) && user.Unit() is not null);

    /// <summary>Unit management of some unit: records measures.</summary>
    public bool ManagesAnyUnit => user.IsInRole(Roles.UnitManagement) && user.Unit() is not null;

    /// <summary>May read the results, comments and measures of the unit.</summary>
    public bool ReadsUnit(string unit) => IsNational || ManagesUnit(unit);

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
