using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Pvi.TestSupport;

namespace Pvi.Identity.Tests;

/// <summary>
/// The suite's OpenID Connect provider (services/Identity/README.md): discovery and an RS256 key
/// set, authorization code with PKCE for a web client through the sign-in page, refresh tokens,
/// sign-out; the development grant and the demo users in Development only.
/// </summary>
public sealed partial class ProviderTests
{
    private const string Console = "pvi-console";
    private const string RedirectUri = "http://127.0.0.1:5999/signin-oidc";
    private const string PostLogoutUri = "http://127.0.0.1:5999/signout-callback-oidc";

    [Fact]
    public async Task Discovery_names_the_endpoints_and_the_key_set_publishes_RS256_keys_only()
    {
        await using var provider = await ProviderUnderTest.StartAsync();
        using var http = new HttpClient();

        var discovery = await http.GetFromJsonAsync<JsonElement>(new Uri(provider.Authority, ".well-known/openid-configuration"));
        Assert.Equal(provider.Authority.ToString(), discovery.GetProperty("issuer").GetString());
        Assert.Equal(["S256"], discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains("client_credentials", discovery.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()));
        Assert.True(discovery.TryGetProperty("end_session_endpoint", out _));

        var keys = await http.GetFromJsonAsync<JsonElement>(discovery.GetProperty("jwks_uri").GetString());
        Assert.All(keys.GetProperty("keys").EnumerateArray(), key =>
        {
            Assert.Equal("RSA", key.GetProperty("kty").GetString());
            Assert.Equal("RS256", key.GetProperty("alg").GetString());
            Assert.False(key.TryGetProperty("d", out _), "no private part is published");
        });
    }

    [Fact]
    public async Task A_person_signs_in_with_authorization_code_and_PKCE_refreshes_and_signs_out()
    {
        await using var provider = await ProviderUnderTest.StartAsync();
        using var browser = Browser();
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));
        var authorize = new Uri(provider.Authority, "connect/authorize?" + string.Join('&', new Dictionary<string, string>
        {
            ["client_id"] = Console, ["response_type"] = "code", ["redirect_uri"] = RedirectUri, ["scope"] = "openid profile roles offline_access pvi",
            ["state"] = "state-1", ["nonce"] = "nonce-1", ["code_challenge"] = challenge, ["code_challenge_method"] = "S256",
        }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")));

        // Not signed in: to the sign-in page, which lists the demo users (Development).
        using var toSignIn = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, toSignIn.StatusCode);
        Assert.StartsWith("/account/signin", toSignIn.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var page = await browser.GetStringAsync(new Uri(provider.Authority, toSignIn.Headers.Location.PathAndQuery));
        Assert.Contains("lang=\"nl\"", page, StringComparison.Ordinal);
        Assert.Contains("Aanmelden als Sanne de Vries", page, StringComparison.Ordinal);

        // The person picks a demo user; back at authorize, the code goes to the client with the state.
        using var signedIn = await browser.PostAsync(new Uri(provider.Authority, "/account/signin"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user"] = "demo-basic-team",
            ["returnUrl"] = HiddenValue(page, "returnUrl"),
            ["__RequestVerificationToken"] = HiddenValue(page, "__RequestVerificationToken"),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        using var toClient = await browser.GetAsync(new Uri(provider.Authority, signedIn.Headers.Location!.OriginalString));
        Assert.Equal(HttpStatusCode.Redirect, toClient.StatusCode);
        var callback = toClient.Headers.Location!;
        Assert.StartsWith(RedirectUri, callback.ToString(), StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(callback.Query);
        Assert.Equal("state-1", query["state"]);

        // The code alone is not enough: the verifier of the challenge must come with it.
        using var client = new HttpClient();
        var token = await TokenAsync(client, provider, new() { ["grant_type"] = "authorization_code", ["code"] = query["code"]!, ["redirect_uri"] = RedirectUri, ["code_verifier"] = verifier });
        var access = new JsonWebToken(token.GetProperty("access_token").GetString());
        Assert.Equal("demo-basic-team", access.Subject);
        Assert.Contains("basic-team", access.Claims.Where(c => c.Type == "role").Select(c => c.Value));
        Assert.Equal("AM", access.GetClaim("unit").Value);
        Assert.Equal(["pvi"], access.Audiences);
        var identityToken = new JsonWebToken(token.GetProperty("id_token").GetString());
        Assert.Equal("Sanne de Vries", identityToken.GetClaim("name").Value);
        Assert.Equal("nonce-1", identityToken.GetClaim("nonce").Value);

        var refreshed = await TokenAsync(client, provider, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = token.GetProperty("refresh_token").GetString()! });
        Assert.Equal("demo-basic-team", new JsonWebToken(refreshed.GetProperty("access_token").GetString()).Subject);

        // Signing out ends the provider's session too: a silent sign-in afterwards needs a login.
        using var signedOut = await browser.GetAsync(new Uri(provider.Authority,
            $"connect/endsession?id_token_hint={token.GetProperty("id_token").GetString()}&post_logout_redirect_uri={Uri.EscapeDataString(PostLogoutUri)}&state=bye"));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.StartsWith(PostLogoutUri, signedOut.Headers.Location!.ToString(), StringComparison.Ordinal);
        using var silent = await browser.GetAsync(new Uri(authorize + "&prompt=none"));
        Assert.Contains("error=login_required", silent.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_web_client_without_PKCE_gets_no_code()
    {
        await using var provider = await ProviderUnderTest.StartAsync();
        using var browser = Browser();
        using var answer = await browser.GetAsync(new Uri(provider.Authority,
            $"connect/authorize?client_id={Console}&response_type=code&redirect_uri={Uri.EscapeDataString(RedirectUri)}&scope=openid&state=s"));
        // Refused on the spot, or back to the client with the error: either way no code.
        var answered = answer.Headers.Location?.ToString() ?? await answer.Content.ReadAsStringAsync();
        Assert.Matches("error[=:]invalid_request", answered);
        Assert.DoesNotContain("code=", answered, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task The_development_grant_the_demo_users_and_the_sign_in_list_do_not_exist_outside_Development(string environment)
    {
        await using var provider = await ProviderUnderTest.StartAsync(environment);
        using var http = new HttpClient();

        using var grant = await http.PostAsync(new Uri(provider.Authority, "connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:pvi:grant-type:development", ["client_id"] = "pvi-development", ["user"] = "demo-basic-team",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, grant.StatusCode);
        Assert.Contains("unsupported_grant_type", await grant.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(provider.Authority, "dev/users"))).StatusCode);

        var page = await http.GetStringAsync(new Uri(provider.Authority, "account/signin"));
        Assert.DoesNotContain("demo-basic-team", page, StringComparison.Ordinal);
        Assert.Contains("identiteitsprovider van de politie", page, StringComparison.Ordinal);

        // Client credentials of a registered service still work.
        var token = await TokenAsync(http, provider, new() { ["grant_type"] = "client_credentials" }, "ndv-matching");
        Assert.Equal("ndv-matching", new JsonWebToken(token.GetProperty("access_token").GetString()).Subject);
    }

    [Fact]
    public async Task A_tester_gets_a_development_token_for_any_identity_with_the_claims_given()
    {
        await using var provider = await ProviderUnderTest.StartAsync();
        var token = new JsonWebToken(provider.Tokens.For(new ServiceDefaults.Authentication.SuiteUser
        {
            Id = "tester-lb", Name = "Operator Limburg", Roles = ["rsc-operator"], Unit = "LB", Rsc = "RSC-LB",
        }));

        Assert.Equal("tester-lb", token.Subject);
        Assert.Equal("RSC-LB", token.GetClaim("rsc").Value);
        Assert.Equal("LB", token.GetClaim("unit").Value);
        Assert.Equal(provider.Authority.ToString(), token.Issuer);
    }

    private static HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() });

    private static async Task<JsonElement> TokenAsync(HttpClient http, ProviderUnderTest provider, Dictionary<string, string> form, string client = Console)
    {
        form["client_id"] = client;
        form["client_secret"] = ProviderUnderTest.ServiceSecret;
        using var response = await http.PostAsync(new Uri(provider.Authority, "connect/token"), new FormUrlEncodedContent(form));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    private static string HiddenValue(string page, string name) =>
        System.Net.WebUtility.HtmlDecode(Regex.Match(page, $"name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"|value=\"([^\"]*)\"[^>]*name=\"{Regex.Escape(name)}\"") is { Success: true } match
            ? (match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value)
            : throw new InvalidOperationException($"No hidden field {name} on the page."));
}
