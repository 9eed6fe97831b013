using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Pvi.ServiceDefaults.Authentication;

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
