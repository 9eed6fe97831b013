using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Pvi.ServiceDefaults.Authentication;

/// <summary>
/// Signs tokens with the shared key of <see cref="JwtSettings"/>, for a machine run with a key of
/// one's own instead of an identity provider (a service's own token, the benchmark harness).
/// </summary>
public sealed class TokenIssuer(JwtSettings settings, TimeProvider time)
{
    private readonly SigningCredentials _credentials = new(
        AuthenticationExtensions.SigningKey(settings.SigningKey
            ?? throw new InvalidOperationException($"{JwtSettings.SectionName}:SigningKey is needed to issue tokens.")),
        SecurityAlgorithms.HmacSha256);

    public string Issue(SuiteUser user, TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        return Issue(user, now, now.Add(lifetime));
    }

    public string Issue(SuiteUser user, DateTimeOffset issuedAt, DateTimeOffset expires)
    {
        var claims = new List<Claim>
        {
            new(SuiteClaimTypes.Subject, user.Id),
            new(SuiteClaimTypes.Name, user.Name),
        };
        claims.AddRange(user.Roles.Select(role => new Claim(SuiteClaimTypes.Role, role)));
        AddIfSet(claims, SuiteClaimTypes.Unit, user.Unit);
        AddIfSet(claims, SuiteClaimTypes.Team, user.Team);
        AddIfSet(claims, SuiteClaimTypes.Rsc, user.Rsc);
        AddIfSet(claims, SuiteClaimTypes.NdvMember, user.NdvMember);

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer ?? JwtSettings.SharedKeyIssuer,
            Audience = settings.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = _credentials,
        });
    }

    private static void AddIfSet(List<Claim> claims, string type, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            claims.Add(new Claim(type, value));
        }
    }
}
