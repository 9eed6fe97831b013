using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Pvi.ServiceDefaults.Authentication;

namespace Pvi.TestSupport;

/// <summary>
/// Tokens of an identity provider of the suite, from its development grant (Development only):
/// for a demo user, or for any identity with the claims a test gives; kept and reused per identity.
/// Also the tokens an attacker would forge, to prove they are refused.
/// </summary>
public sealed class TokenSource(Func<Uri> authority)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, Lazy<string>> _issued = new(StringComparer.Ordinal);

    public Uri Authority => authority();

    /// <summary>A token of the provider for a user with every claim the caller chooses.</summary>
    public string For(SuiteUser user) => Issue(("claims", JsonSerializer.Serialize(user, Json)));

    /// <summary>A token of a demo user of the provider (seeds/users.json).</summary>
    public string ForDemoUser(string id) => Issue(("user", id));

    public string For(string role, string unit = "AM", string? subject = null) => For(User(role, unit, subject));

    /// <summary>Signed by the provider, expired an hour ago.</summary>
    public string Expired(string role) => Issue(("claims", JsonSerializer.Serialize(User(role, "AM", null), Json)), ("lifetime", "-3600"));

    /// <summary>Signed by the provider for an audience that is not the suite's.</summary>
    public string ForAnotherAudience(string role) => Issue(("claims", JsonSerializer.Serialize(User(role, "AM", null), Json)), ("token_audience", "another-api"));

    /// <summary>A well-formed token naming the provider as issuer, signed with an RSA key it never published.</summary>
    public string SignedByUnpublishedKey(string role) => Sign(User(role, "AM", null), Authority.ToString(), new RsaSecurityKey(RSA.Create(2048)) { KeyId = "not-published" }, SecurityAlgorithms.RsaSha256);

    /// <summary>Signed with a key of its own by another issuer.</summary>
    public string FromAnotherIssuer(string role) => Sign(User(role, "AM", null), "https://login.elsewhere.example/", new RsaSecurityKey(RSA.Create(2048)) { KeyId = "elsewhere" }, SecurityAlgorithms.RsaSha256);

    /// <summary><c>alg: none</c>, no signature at all.</summary>
    public string Unsigned(string role)
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        return $"{header}.{Base64UrlEncoder.Encode(Payload(User(role, "AM", null), Authority.ToString()))}.";
    }

    /// <summary>Key confusion: HS256 with the provider's published RSA key as the HMAC secret, under its key id.</summary>
    public string SignedWithThePublicKeyAsSecret(string role)
    {
        var keys = new JsonWebKeySet(Http.GetStringAsync(new Uri(Authority, ".well-known/jwks")).GetAwaiter().GetResult());
        var published = keys.Keys.First(k => k.Kty == "RSA");
        using var rsa = RSA.Create(new RSAParameters { Modulus = Base64UrlEncoder.DecodeBytes(published.N), Exponent = Base64UrlEncoder.DecodeBytes(published.E) });
        var secret = Encoding.UTF8.GetBytes(rsa.ExportSubjectPublicKeyInfoPem());
        return Sign(User(role, "AM", null), Authority.ToString(), new SymmetricSecurityKey(secret) { KeyId = published.Kid }, SecurityAlgorithms.HmacSha256);
    }

    private string Issue(params (string Name, string Value)[] parameters)
    {
        var key = string.Join('\n', parameters.Select(p => p.Name + "=" + p.Value));
        return _issued.GetOrAdd(key, _ => new Lazy<string>(() => Request(parameters))).Value;
    }

    private string Request((string Name, string Value)[] parameters)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "urn:pvi:grant-type:development",
            ["client_id"] = "pvi-development",
        };
        foreach (var (name, value) in parameters)
        {
            form[name] = value;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Authority, "connect/token")) { Content = new FormUrlEncodedContent(form) };
        using var response = Http.Send(request);
        var body = response.Content.ReadFromJsonAsync<JsonElement>().GetAwaiter().GetResult();
        return response.IsSuccessStatusCode
            ? body.GetProperty("access_token").GetString()!
            : throw new InvalidOperationException($"The provider refused a development token ({(int)response.StatusCode}): {body}");
    }

    private static string Sign(SuiteUser user, string issuer, SecurityKey key, string algorithm) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(Payload(user, issuer), new SigningCredentials(key, algorithm));

    private static string Payload(SuiteUser user, string issuer)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object?>
        {
            ["iss"] = issuer,
            ["aud"] = "pvi",
            ["sub"] = user.Id,
            ["name"] = user.Name,
            ["role"] = user.Roles.ToArray(),
            ["unit"] = user.Unit,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
        return JsonSerializer.Serialize(claims.Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value));
    }

    private static SuiteUser User(string role, string unit, string? subject) => new()
    {
        Id = subject ?? $"test-{role}",
        Name = $"Test {role}",
        Roles = [role],
        Unit = unit,
    };
}
