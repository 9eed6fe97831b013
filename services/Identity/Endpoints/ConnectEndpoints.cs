using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Pvi.Identity.Infrastructure;
using Pvi.ServiceDefaults.Authentication;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Pvi.Identity.Endpoints;

/// <summary>
/// The endpoints OpenIddict passes through to the provider's own logic: authorize (a person's
/// sign-in session becomes a code), token (code, refresh token, client credentials and, in
/// Development, the development grant become tokens) and end session.
/// </summary>
public static class ConnectEndpoints
{
    public const string SessionScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    private const string Server = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapConnectEndpoints(this WebApplication app)
    {
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (Delegate)AuthorizeAsync);
        app.MapPost("/connect/token", (Delegate)TokenAsync);
        app.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post], (Delegate)EndSessionAsync);
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext http, IdentityDbContext db, ProviderSettings settings)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await http.AuthenticateAsync(SessionScheme);
        var account = session.Succeeded && !request.HasPromptValue(PromptValues.Login)
            ? await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == session.Principal!.FindFirstValue(Claims.Subject), http.RequestAborted)
            : null;
        if (account is null)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.LoginRequired, "The user is not signed in.");
            }

            // To the sign-in page, and back to this request without prompt=login once signed in.
            var parameters = http.Request.HasFormContentType ? http.Request.Form.ToList() : http.Request.Query.ToList();
            parameters.RemoveAll(p => p.Key == Parameters.Prompt && request.HasPromptValue(PromptValues.Login));
            return Results.Challenge(
                new AuthenticationProperties { RedirectUri = http.Request.PathBase + http.Request.Path + QueryString.Create(parameters) },
                [SessionScheme]);
        }

        return Results.SignIn(SuitePrincipal.For(account.ToSuiteUser(), request.GetScopes(), settings.Audience), authenticationScheme: Server);
    }

    private static async Task<IResult> TokenAsync(
        HttpContext http, IdentityDbContext db, IOpenIddictApplicationManager applications, ProviderSettings settings, IHostEnvironment environment)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsClientCredentialsGrantType())
        {
            var application = await applications.FindByClientIdAsync(request.ClientId!, http.RequestAborted)
                ?? throw new InvalidOperationException("OpenIddict validated a client that does not exist.");
            var name = await applications.GetDisplayNameAsync(application, http.RequestAborted) ?? request.ClientId!;
            return Results.SignIn(SuitePrincipal.ForService(request.ClientId!, name, settings.Audience), authenticationScheme: Server);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            // The claims come from the account as it is now, not as it was at sign-in.
            var granted = (await http.AuthenticateAsync(Server)).Principal;
            var subject = granted?.GetClaim(Claims.Subject);
            var account = subject is null ? null : await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == subject, http.RequestAborted);
            return account is null
                ? Refuse(Errors.InvalidGrant, "The account no longer exists.")
                : Results.SignIn(SuitePrincipal.For(account.ToSuiteUser(), granted!.GetScopes(), settings.Audience), authenticationScheme: Server);
        }

        if (request.GrantType == DevelopmentGrant.Type && environment.IsDevelopment())
        {
            return await DevelopmentTokenAsync(request, db, settings, http.RequestAborted);
        }

        return Refuse(Errors.UnsupportedGrantType, "The grant type is not supported.");
    }

    private static async Task<IResult> DevelopmentTokenAsync(OpenIddictRequest request, IdentityDbContext db, ProviderSettings settings, CancellationToken cancellationToken)
    {
        SuiteUser? user;
        if ((string?)request["claims"] is { Length: > 0 } claims)
        {
            try
            {
                user = JsonSerializer.Deserialize<SuiteUser>(claims, Json);
            }
            catch (JsonException)
            {
                return Refuse(Errors.InvalidRequest, "claims must be a JSON object with id, name and roles.");
            }

            if (user is null || string.IsNullOrWhiteSpace(user.Id) || string.IsNullOrWhiteSpace(user.Name))
            {
                return Refuse(Errors.InvalidRequest, "claims must name an id and a name.");
            }
        }
        else if ((string?)request["user"] is { Length: > 0 } id)
        {
            user = (await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken))?.ToSuiteUser();
            if (user is null)
            {
                return Refuse(Errors.InvalidRequest, $"No account '{id}'; GET /dev/users lists them.");
            }
        }
        else
        {
            return Refuse(Errors.InvalidRequest, "Give user (an account id) or claims (a JSON object).");
        }

        var lifetime = settings.DevelopmentTokenLifetime;
        if ((string?)request["lifetime"] is { Length: > 0 } seconds)
        {
            if (!int.TryParse(seconds, System.Globalization.CultureInfo.InvariantCulture, out var value) || Math.Abs(value) > settings.DevelopmentTokenLifetime.TotalSeconds)
            {
                return Refuse(Errors.InvalidRequest, $"lifetime must be a whole number of seconds of at most {settings.DevelopmentTokenLifetime.TotalSeconds:0} either way.");
            }

            lifetime = TimeSpan.FromSeconds(value);
        }

        var audience = (string?)request["token_audience"] is { Length: > 0 } given ? given : settings.Audience;
        var principal = SuitePrincipal.For(user, [], audience);
        principal.SetAccessTokenLifetime(lifetime);
        return Results.SignIn(principal, authenticationScheme: Server);
    }

    private static async Task<IResult> EndSessionAsync(HttpContext http)
    {
        await http.SignOutAsync(SessionScheme);
        // OpenIddict sends the browser to the client's post_logout_redirect_uri when it gave a registered one.
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/account/signed-out" }, [Server]);
    }

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [Server]);
}
