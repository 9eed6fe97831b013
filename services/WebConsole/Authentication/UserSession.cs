using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace Pvi.WebConsole.Authentication;

/// <summary>
/// The signed-in person's session as an open page (a circuit) sees it: the access token for the
/// gateway, from the server-side session, renewed with the refresh token shortly before it
/// expires; every use keeps the session alive. The token never leaves the server.
/// </summary>
public sealed class UserSession(
    AuthenticationStateProvider authentication,
    ServerSideTickets tickets,
    IHttpClientFactory httpClients,
    IOptionsMonitor<OpenIdConnectOptions> oidc,
    ConsoleSettings settings,
    TimeProvider time)
{
    public const string HttpClientName = "console-token-refresh";

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Renewing = new(StringComparer.Ordinal);

    public async Task<string> AccessTokenAsync(CancellationToken cancellationToken)
    {
        var key = await KeyAsync();
        var ticket = await tickets.RetrieveAsync(key) ?? throw new SessionEndedException();
        if (ExpiresAt(ticket) - time.GetUtcNow() > settings.RenewTokenBefore)
        {
            await tickets.TouchAsync(key);
            return ticket.Properties.GetTokenValue("access_token") ?? throw new SessionEndedException();
        }

        var gate = Renewing.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Another page of the same person may have renewed it meanwhile.
            ticket = await tickets.RetrieveAsync(key) ?? throw new SessionEndedException();
            if (ExpiresAt(ticket) - time.GetUtcNow() > settings.RenewTokenBefore)
            {
                return ticket.Properties.GetTokenValue("access_token") ?? throw new SessionEndedException();
            }

            var renewed = await RefreshAsync(ticket.Properties.GetTokenValue("refresh_token"), cancellationToken);
            if (renewed is null)
            {
                await tickets.RemoveAsync(key);
                throw new SessionEndedException();
            }

            ticket.Properties.UpdateTokenValue("access_token", renewed.AccessToken);
            if (renewed.RefreshToken is { Length: > 0 } refreshToken)
            {
                ticket.Properties.UpdateTokenValue("refresh_token", refreshToken);
            }

            ticket.Properties.UpdateTokenValue("expires_at", (time.GetUtcNow() + TimeSpan.FromSeconds(renewed.ExpiresIn)).ToString("o", CultureInfo.InvariantCulture));
            await tickets.RenewAsync(key, ticket);
            return renewed.AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Whether the session is still there (an open page asks now and then, to send the person to sign in before they lose work).</summary>
    public async Task<bool> IsActiveAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return user.FindFirst(ServerSideTickets.SessionClaim)?.Value is { } key && await tickets.RetrieveAsync(key) is not null;
    }

    private async Task<string> KeyAsync() =>
        (await authentication.GetAuthenticationStateAsync()).User.FindFirst(ServerSideTickets.SessionClaim)?.Value ?? throw new SessionEndedException();

    private static DateTimeOffset ExpiresAt(AuthenticationTicket ticket) =>
        DateTimeOffset.TryParse(ticket.Properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : DateTimeOffset.MinValue;

    private async Task<TokenResponse?> RefreshAsync(string? refreshToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(refreshToken))
        {
            return null;
        }

        var options = oidc.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var configuration = await options.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
        using var response = await httpClients.CreateClient(HttpClientName).PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = options.ClientId!,
            ["client_secret"] = options.ClientSecret ?? string.Empty,
        }), cancellationToken);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken) : null;
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
