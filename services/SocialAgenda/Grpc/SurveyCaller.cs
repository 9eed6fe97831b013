using System.Security.Claims;
using Grpc.Core;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.SocialAgenda.Grpc;

/// <summary>Who is calling the survey service. The identity of a respondent is never read.</summary>
public sealed class SurveyCaller(ClaimsPrincipal user) : Caller(user)
{
    public static SurveyCaller From(ServerCallContext context) => new(UserOf(context));

    public bool IsAdministrator => IsIn(Roles.SurveyAdministrator);

    public bool IsEmployee => IsIn(Roles.Employee);

    /// <summary>National management: the national picture and every unit.</summary>
    public bool IsNational => IsIn(Roles.NationalManagement);

    /// <summary>Unit management of the unit (its results, comments and measures).</summary>
    public bool ManagesUnit(string unit) => IsIn(Roles.UnitManagement) && User.Unit() == unit;

    /// <summary>Unit management of some unit: reads the closed waves.</summary>
    public bool ReadsAnyUnit => IsNational || (IsIn(Roles.UnitManagement) && User.Unit() is not null);

    /// <summary>Unit management of some unit: records measures.</summary>
    public bool ManagesAnyUnit => IsIn(Roles.UnitManagement) && User.Unit() is not null;

    /// <summary>May read the results, comments and measures of the unit.</summary>
    public bool ReadsUnit(string unit) => IsNational || ManagesUnit(unit);
}
