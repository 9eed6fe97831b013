using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Pvi.WebConsole.Authentication;

public static class AccountEndpoints
{
    /// <summary>
    /// Sign-in (to the provider and back to where the person was), sign-out (the session here and
    /// at the provider; a form post with its antiforgery token), and the language choice.
    /// </summary>
    public static void MapAccountEndpoints(this WebApplication app)
    {
        var account = app.MapGroup("/account");
        account.MapGet("/signin", (string? returnUrl) =>
            Results.Challenge(new AuthenticationProperties { RedirectUri = Local(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]))
            .AllowAnonymous();

        account.MapPost("/signout", async (HttpContext http, ServerSideTickets tickets) =>
        {
            if (http.User.FindFirst(ServerSideTickets.SessionClaim)?.Value is { } key)
            {
                await tickets.RemoveAsync(key);
            }

            return Results.SignOut(new AuthenticationProperties { RedirectUri = "/account/signed-out" },
                [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]);
        });

        account.MapPost("/language", ([FromForm] string culture, [FromForm] string? returnUrl, HttpContext http) =>
        {
            if (Extensions.Extensions.Cultures.Any(c => c.Name == culture))
            {
                http.Response.Cookies.Append(
                    CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), Secure = http.Request.IsHttps });
            }

            return Results.LocalRedirect(Local(returnUrl));
        }).AllowAnonymous();
    }

    /// <summary>Only an address of the console itself.</summary>
    private static string Local(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
