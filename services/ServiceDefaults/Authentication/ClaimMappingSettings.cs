using Microsoft.Extensions.Configuration;

namespace Pvi.ServiceDefaults.Authentication;

/// <summary>
/// Section <c>Authentication:Claims</c>: where a provider's tokens carry what the suite reads. Each
/// of <c>Subject</c>, <c>Name</c>, <c>Role</c>, <c>Unit</c>, <c>Team</c>, <c>Rsc</c> and
/// <c>NdvMember</c> names a claim: a top-level claim of that exact name (an AD FS URI), else a
/// dotted JSON path (Keycloak's <c>realm_access.roles</c>). <c>Preset</c> gives the defaults of a
/// known provider; <c>RoleValues</c> maps the provider's role names to the suite's.
/// </summary>
public sealed class ClaimMappingSettings
{
    public const string SectionName = "Authentication:Claims";

    /// <summary><c>Suite</c> (the suite's own provider), <c>Keycloak</c>, <c>EntraId</c> or <c>AdFs</c>.</summary>
    public string Preset { get; set; } = ClaimPresets.Suite;

    public string? Subject { get; set; }

    public string? Name { get; set; }

    public string? Role { get; set; }

    public string? Unit { get; set; }

    public string? Team { get; set; }

    public string? Rsc { get; set; }

    public string? NdvMember { get; set; }

    /// <summary>The provider's role value → the suite's role (e.g. <c>PVI.BasicTeam</c> → <c>basic-team</c>); unmapped values pass as they are.</summary>
    public Dictionary<string, string> RoleValues { get; set; } = [];

    public static ClaimMappingSettings Load(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<ClaimMappingSettings>() ?? new ClaimMappingSettings();
}
