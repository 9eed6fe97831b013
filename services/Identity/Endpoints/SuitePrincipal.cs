using System.Security.Claims;
using OpenIddict.Abstractions;
using Pvi.Identity.Clients;
using Pvi.ServiceDefaults.Authentication;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Pvi.Identity.Endpoints;

/// <summary>The claims of the suite's tokens, and which token carries each.</summary>
public static class SuitePrincipal
{
    /// <summary>A person's (or function's) principal: in the access token all claims, in the identity token what a web client shows.</summary>
    public static ClaimsPrincipal For(SuiteUser user, IEnumerable<string> scopes, string audience)
    {
        var identity = new ClaimsIdentity(
            authenticationType: OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreDefaults.AuthenticationScheme,
            nameType: Claims.Name,
            roleType: Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id).SetClaim(Claims.Name, user.Name);
        identity.SetClaims(Claims.Role, [.. user.Roles]);
        AddIfSet(identity, SuiteClaimTypes.Unit, user.Unit);
        AddIfSet(identity, SuiteClaimTypes.Team, user.Team);
        AddIfSet(identity, SuiteClaimTypes.Rsc, user.Rsc);
        AddIfSet(identity, SuiteClaimTypes.NdvMember, user.NdvMember);
        identity.SetScopes(scopes.Append(ClientRegistrations.ApiScope).Distinct(StringComparer.Ordinal));
        identity.SetResources(audience);
        identity.SetDestinations(static claim => claim.Type == Claims.Subject || claim.Subject?.HasScope(Scopes.OpenId) == true
            ? [Destinations.AccessToken, Destinations.IdentityToken]
            : [Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>A service of the suite (client credentials): its client id as subject, role <c>service</c>.</summary>
    public static ClaimsPrincipal ForService(string clientId, string name, string audience) =>
        For(new SuiteUser { Id = clientId, Name = name, Roles = [Roles.Service] }, [], audience);

    private static void AddIfSet(ClaimsIdentity identity, string type, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            identity.SetClaim(type, value);
        }
    }
}
