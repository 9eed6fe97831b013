using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

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

/// <summary>Turns a validated token of any provider into the suite's claims (<see cref="SuiteClaimTypes"/>).</summary>
public sealed class ClaimMapping
{
    private readonly (string Type, string Path)[] _claims;
    private readonly Dictionary<string, string> _roleValues;

    public ClaimMapping(ClaimMappingSettings settings)
    {
        if (!ClaimPresets.All.TryGetValue(settings.Preset, out var preset))
        {
            throw new InvalidOperationException($"{ClaimMappingSettings.SectionName}:Preset must be one of {string.Join(", ", ClaimPresets.All.Keys)}.");
        }

        _claims =
        [
            (SuiteClaimTypes.Subject, settings.Subject ?? preset[0]),
            (SuiteClaimTypes.Name, settings.Name ?? preset[1]),
            (SuiteClaimTypes.Role, settings.Role ?? preset[2]),
            (SuiteClaimTypes.Unit, settings.Unit ?? preset[3]),
            (SuiteClaimTypes.Team, settings.Team ?? preset[4]),
            (SuiteClaimTypes.Rsc, settings.Rsc ?? preset[5]),
            (SuiteClaimTypes.NdvMember, settings.NdvMember ?? preset[6]),
        ];
        _roleValues = new Dictionary<string, string>(settings.RoleValues, StringComparer.Ordinal);
        IsIdentity = _roleValues.Count == 0 && _claims.All(claim => claim.Type == claim.Path);
    }

    /// <summary>The tokens carry the suite's claims as they are: nothing to map.</summary>
    public bool IsIdentity { get; }

    public ClaimsPrincipal Map(JsonWebToken token, string authenticationType)
    {
        using var payload = JsonDocument.Parse(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.EncodedPayload)));
        var claims = new List<Claim>();
        foreach (var (type, path) in _claims)
        {
            foreach (var value in Values(payload.RootElement, path))
            {
                claims.Add(new Claim(type, type == SuiteClaimTypes.Role && _roleValues.TryGetValue(value, out var role) ? role : value, ClaimValueTypes.String, token.Issuer));
            }
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, SuiteClaimTypes.Name, SuiteClaimTypes.Role));
    }

    private static IEnumerable<string> Values(JsonElement root, string path)
    {
        if (!root.TryGetProperty(path, out var element))
        {
            element = root;
            foreach (var segment in path.Split('.'))
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
                {
                    return [];
                }
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => [element.GetString()!],
            JsonValueKind.Array => element.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!).ToList(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => [element.GetRawText()],
            _ => [],
        };
    }
}
