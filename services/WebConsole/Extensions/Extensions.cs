using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Localization;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using MudBlazor.Services;
using Pvi.Ndv.V1;
using Pvi.Overflow.V1;
using Pvi.WebConsole.Authentication;
using Pvi.WebConsole.Components;
using Pvi.WebConsole.Gateway;
using Pvi.WebConsole.Localization;
using Pvi.WebConsole.Security;

namespace Pvi.WebConsole.Extensions;

public static class Extensions
{
    public static readonly CultureInfo[] Cultures = [new("nl-NL"), new("en-US")];

    /// <summary>
    /// The console as a backend-for-frontend: people sign in with OpenID Connect (authorization code
    /// with PKCE) at the provider; their tokens stay in a session on the server, the browser holds
    /// only the session's cookie; the pages call the gateway over gRPC with the person's token.
    /// </summary>
    public static void AddWebConsole(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(ConsoleSettings.SectionName).Get<ConsoleSettings>() ?? new ConsoleSettings();
        builder.Services.AddSingleton(settings);

        builder.Services.AddDistributedMemoryCache();
        builder.Services.AddSingleton<ServerSideTickets>();
        builder.Services.AddHttpClient(UserSession.HttpClientName);
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = "pvi-console";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // A page the person's roles do not allow: "geen toegang", nothing of the page.
                cookie.AccessDeniedPath = "/geen-toegang";
                // The longest a session lasts at all; unused for IdleTimeout it is gone from the server before.
                cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
                cookie.SlidingExpiration = false;
            })
            .AddOpenIdConnect(oidc =>
            {
                oidc.Authority = settings.Authority.ToString();
                oidc.RequireHttpsMetadata = !settings.Authority.IsLoopback;
                oidc.ClientId = settings.ClientId;
                oidc.ClientSecret = settings.ClientSecret;
                oidc.ResponseType = OpenIdConnectResponseType.Code;
                // Back by a top-level redirect, so the sign-in's own cookies can be SameSite=Lax (also on plain HTTP).
                oidc.ResponseMode = OpenIdConnectResponseMode.Query;
                oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
                oidc.NonceCookie.SameSite = SameSiteMode.Lax;
                oidc.UsePkce = true;
                oidc.SaveTokens = true;
                oidc.MapInboundClaims = false;
                oidc.GetClaimsFromUserInfoEndpoint = false;
                oidc.Scope.Clear();
                foreach (var scope in new[] { "openid", "profile", "roles", "offline_access", "pvi" })
                {
                    oidc.Scope.Add(scope);
                }

                oidc.TokenValidationParameters.NameClaimType = "name";
                oidc.TokenValidationParameters.RoleClaimType = "role";
                oidc.SignedOutRedirectUri = "/account/signed-out";
                oidc.Events.OnRedirectToIdentityProvider = context =>
                {
                    // The provider's sign-in page in the person's language.
                    context.ProtocolMessage.UiLocales = CultureInfo.CurrentUICulture.Name;
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<ServerSideTickets>((cookie, tickets) => cookie.SessionStore = tickets);
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();

        builder.Services.AddGrpcClient<NdvMatchingService.NdvMatchingServiceClient>(client => client.Address = settings.Gateway)
            .ConfigureChannel(channel => channel.UnsafeUseInsecureChannelCallCredentials = settings.Gateway.Scheme == Uri.UriSchemeHttp);
        builder.Services.AddGrpcClient<PhoneOverflowService.PhoneOverflowServiceClient>(client => client.Address = settings.Gateway)
            .ConfigureChannel(channel => channel.UnsafeUseInsecureChannelCallCredentials = settings.Gateway.Scheme == Uri.UriSchemeHttp);
        builder.Services.AddScoped<UserSession>();
        builder.Services.AddScoped<GatewayCalls>();
        builder.Services.AddSingleton<AmsterdamTime>();

        builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        builder.Services.AddMudServices();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
    }

    public static void UseWebConsole(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<ConsoleSettings>();
        app.UseSecurityHeaders(settings.Authority);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Cultures[0]),
            SupportedCultures = Cultures,
            SupportedUICultures = Cultures,
            // Dutch unless the person chose English here; not the browser's language.
            RequestCultureProviders = [new CookieRequestCultureProvider()],
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
    }

    public static void MapWebConsole(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .RequireAuthorization();
    }
}
