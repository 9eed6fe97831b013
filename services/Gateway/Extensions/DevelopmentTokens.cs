using System.Net.Http.Json;
using System.Text.Json;
using Pvi.ServiceDefaults.Authentication;

namespace Pvi.Gateway.Extensions;

/// <summary>
/// Development environment only, and only with an identity provider: the provider's demo users
/// and development grant at the gateway's address, so that every README example works with curl.
/// <c>GET /dev/users</c> lists the demo users; <c>POST /dev/tokens/{user}</c> returns a token of
/// the provider for one (text/plain); <c>POST /dev/tokens</c> with a JSON body (<c>id</c>,
/// <c>name</c>, <c>roles</c>, <c>unit</c>, <c>team</c>, <c>rsc</c>, <c>ndvMember</c>) one for any
/// identity a tester describes. In any other environment these routes do not exist.
/// </summary>
public static class DevelopmentTokens
{
    public const string HttpClientName = "development-tokens";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapDevelopmentTokens(this WebApplication app)
    {
        var group = app.MapGroup("/dev").AllowAnonymous().DisableRateLimiting();

        group.MapGet("/users", async (IHttpClientFactory clients, JwtSettings jwt, CancellationToken cancellationToken) =>
        {
            using var response = await clients.CreateClient(HttpClientName).GetAsync(Provider(jwt, "dev/users"), cancellationToken);
            return Results.Content(await response.Content.ReadAsStringAsync(cancellationToken), "application/json", statusCode: (int)response.StatusCode);
        });

        group.MapPost("/tokens/{user}", (string user, IHttpClientFactory clients, JwtSettings jwt, CancellationToken cancellationToken) =>
            TokenAsync(clients, jwt, new Dictionary<string, string> { ["user"] = user }, cancellationToken));

        group.MapPost("/tokens", (SuiteUser claims, IHttpClientFactory clients, JwtSettings jwt, CancellationToken cancellationToken) =>
            TokenAsync(clients, jwt, new Dictionary<string, string> { ["claims"] = JsonSerializer.Serialize(claims, Json) }, cancellationToken));
    }

    private static async Task<IResult> TokenAsync(IHttpClientFactory clients, JwtSettings jwt, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        form["grant_type"] = "urn:pvi:grant-type:development";
        form["client_id"] = "pvi-development";
        using var response = await clients.CreateClient(HttpClientName).PostAsync(Provider(jwt, "connect/token"), new FormUrlEncodedContent(form), cancellationToken);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return response.IsSuccessStatusCode
            ? Results.Text(answer.GetProperty("access_token").GetString())
            : Results.NotFound(answer.TryGetProperty("error_description", out var description) ? description.GetString() : "The identity provider gave no token.");
    }

    private static Uri Provider(JwtSettings jwt, string path) => new(new Uri(jwt.Authority!.TrimEnd('/') + "/"), path);
}
