using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Pvi.TestSupport;

namespace Pvi.Suite.Tests;

/// <summary>
/// The stand-in of another organisation's OpenID Connect provider (Keycloak, Entra ID, AD FS): a
/// discovery document and an RS256 key set on a loopback socket, and tokens of whatever shape that
/// provider gives, signed with its key. The suite is configured for it the way the police's
/// provider would be: its address and a claims preset.
/// </summary>
public sealed class ExternalProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "external-" + Guid.NewGuid().ToString("N")[..8] };

    private ExternalProvider(WebApplication app, Uri issuer)
    {
        _app = app;
        Issuer = issuer;
    }

    public Uri Issuer { get; }

    public static async Task<ExternalProvider> StartAsync()
    {
        var issuer = new Uri($"http://127.0.0.1:{FreePort.Next()}/realms/pvi/");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(issuer.GetLeftPart(UriPartial.Authority));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new ExternalProvider(app, issuer);
        app.MapGet(issuer.AbsolutePath + ".well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer.ToString(),
            ["jwks_uri"] = new Uri(issuer, "protocol/openid-connect/certs").ToString(),
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet(issuer.AbsolutePath + "protocol/openid-connect/certs", () =>
        {
            var key = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(provider._key.Rsa.ExportParameters(false)) { KeyId = provider._key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = key.Kty, use = "sig", alg = "RS256", kid = key.Kid, n = key.N, e = key.E } } });
        });
        await app.StartAsync();
        return provider;
    }

    /// <summary>A token of this provider with the given claims (issuer, audience and times added).</summary>
    public string Token(IReadOnlyDictionary<string, object> claims)
    {
        var now = DateTimeOffset.UtcNow;
        var payload = new Dictionary<string, object>(claims)
        {
            ["iss"] = Issuer.ToString(),
            ["aud"] = "pvi",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(30).ToUnixTimeSeconds(),
        };
        return new JsonWebTokenHandler().CreateToken(JsonSerializer.Serialize(payload), new SigningCredentials(_key, SecurityAlgorithms.RsaSha256));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
