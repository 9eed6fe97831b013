namespace Pvi.ServiceDefaults.Authentication;

/// <summary>Where known providers put the claims, as presets of <see cref="ClaimMappingSettings"/>.</summary>
public static class ClaimPresets
{
    public const string Suite = "Suite";
    public const string Keycloak = "Keycloak";
    public const string EntraId = "EntraId";
    public const string AdFs = "AdFs";

    /// <summary>Subject, name, role, unit, team, RSC and NDV member claim of each preset.</summary>
    public static IReadOnlyDictionary<string, string[]> All { get; } = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        // The suite's own provider and the shared-key mode.
        [Suite] = ["sub", "name", "role", "unit", "team", "rsc", "ndv_member"],
        // Realm roles; user attributes added to the token by protocol mappers under the suite's names.
        [Keycloak] = ["sub", "preferred_username", "realm_access.roles", "unit", "team", "rsc", "ndv_member"],
        // App roles in "roles"; the object id is the stable subject; directory extension attributes as optional claims.
        [EntraId] = ["oid", "name", "roles", "extn.unit", "extn.team", "extn.rsc", "extn.ndv_member"],
        // Claims named by URI, as AD FS claim rules issue them.
        [AdFs] = [
            "sub", "unique_name", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
            "http://schemas.politie.nl/claims/unit", "http://schemas.politie.nl/claims/team",
            "http://schemas.politie.nl/claims/rsc", "http://schemas.politie.nl/claims/ndv_member",
        ],
    };
}
