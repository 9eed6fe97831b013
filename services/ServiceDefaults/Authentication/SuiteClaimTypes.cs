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
