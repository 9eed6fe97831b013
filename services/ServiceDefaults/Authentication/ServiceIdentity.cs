using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;

namespace Pvi.ServiceDefaults.Authentication;

/// <summary>
/// The service's own identity for work no user started (a background retry, an event handler):
/// a bearer token with role <c>service</c>. With a shared signing key the service issues it
/// itself; with an identity provider it asks for one with the client credentials of
/// <c>Authentication:ServiceClient</c> (<c>ClientId</c>, <c>ClientSecret</c>, <c>Scope</c>).
/// Tokens are reused until a minute before they expire. They run on the wall clock, not the
/// injected one: other processes check them against theirs.
/// </summary>
public sealed class ServiceIdentity(JwtSettings settings, IConfiguration configuration, IHttpClientFactory httpClients)
{
    private static readonly TimeProvider Clock = TimeProvider.System;

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private (string Token, DateTimeOffset Until)? _current;

    public async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current && current.Until > Clock.GetUtcNow())
        {
            return current.Token;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is { } fresh && fresh.Until > Clock.GetUtcNow())
            {
                return fresh.Token;
            }

            var (token, lifetime) = string.IsNullOrWhiteSpace(settings.Authority)
                ? (Issue(), Lifetime)
                : await ClientCredentialsAsync(cancellationToken).ConfigureAwait(false);
            _current = (token, Clock.GetUtcNow() + lifetime - TimeSpan.FromMinutes(1));
            return token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private string Issue()
    {
        var app = configuration["Events:AppId"] ?? "suite";
        return new TokenIssuer(settings, Clock).Issue(new SuiteUser { Id = $"service:{app}", Name = app, Roles = [Roles.Service] }, Lifetime);
    }

    private async Task<(string Token, TimeSpan Lifetime)> ClientCredentialsAsync(CancellationToken cancellationToken)
    {
        var client = configuration.GetSection("Authentication:ServiceClient");
        var clientId = client["ClientId"] ?? throw new InvalidOperationException("Set Authentication:ServiceClient:ClientId for the service's own calls.");
        var http = httpClients.CreateClient(nameof(ServiceIdentity));
        var discovery = await http.GetFromJsonAsync<Discovery>(new Uri(new Uri(settings.Authority!.TrimEnd('/') + "/"), ".well-known/openid-configuration"), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The identity provider has no discovery document.");
        using var response = await http.PostAsync(discovery.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = client["ClientSecret"] ?? string.Empty,
            ["scope"] = client["Scope"] ?? string.Empty,
        }), cancellationToken).ConfigureAwait(false);
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
