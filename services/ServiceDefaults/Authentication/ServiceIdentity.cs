using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;

namespace Pvi.ServiceDefaults.Authentication;

/// <summary>
/// The service's own identity for work no user started (a background retry, an event handler):
/// a bearer token with role <c>service</c>. With an identity provider it asks for one with the
/// client credentials of <c>Authentication:ServiceClient</c> (<c>ClientId</c>, by default the
/// service's app id, <c>ClientSecret</c>, <c>Scope</c>); with a shared key it issues one itself.
/// A token is reused until a minute before it expires by the injected clock, then a new one is
/// fetched; the token's own times are the wall clock's, which other processes check it against.
/// </summary>
public sealed class ServiceIdentity(JwtSettings settings, IConfiguration configuration, IHttpClientFactory httpClients, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private (string Token, DateTimeOffset RenewAt)? _current;
    private Uri? _tokenEndpoint;

    public async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current && current.RenewAt > time.GetUtcNow())
        {
            return current.Token;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is { } fresh && fresh.RenewAt > time.GetUtcNow())
            {
                return fresh.Token;
            }

            var (token, lifetime) = string.IsNullOrWhiteSpace(settings.Authority)
                ? (Issue(), Lifetime)
                : await ClientCredentialsAsync(cancellationToken).ConfigureAwait(false);
            _current = (token, time.GetUtcNow() + lifetime - RenewBefore);
            return token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private string AppId => configuration["Events:AppId"] ?? "suite";

    private string Issue() =>
        new TokenIssuer(settings, TimeProvider.System).Issue(new SuiteUser { Id = $"service:{AppId}", Name = AppId, Roles = [Roles.Service] }, Lifetime);

    private async Task<(string Token, TimeSpan Lifetime)> ClientCredentialsAsync(CancellationToken cancellationToken)
    {
        var client = configuration.GetSection("Authentication:ServiceClient");
        var http = httpClients.CreateClient(nameof(ServiceIdentity));
        _tokenEndpoint ??= (await http.GetFromJsonAsync<Discovery>(new Uri(new Uri(settings.Authority!.TrimEnd('/') + "/"), ".well-known/openid-configuration"), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The identity provider has no discovery document.")).TokenEndpoint;
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = client["ClientId"] ?? AppId,
            ["client_secret"] = client["ClientSecret"] ?? throw new InvalidOperationException("Set Authentication:ServiceClient:ClientSecret for the service's own calls."),
        };
        if (!string.IsNullOrWhiteSpace(client["Scope"]))
        {
            form["scope"] = client["Scope"]!;
        }

        using var response = await http.PostAsync(_tokenEndpoint, new FormUrlEncodedContent(form), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The identity provider answered without a token.");
        return (token.AccessToken, TimeSpan.FromSeconds(Math.Max(120, token.ExpiresIn)));
    }

    private sealed record Discovery([property: JsonPropertyName("token_endpoint")] Uri TokenEndpoint);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
