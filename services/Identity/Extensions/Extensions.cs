using System.Globalization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using Pvi.Identity.Clients;
using Pvi.Identity.Endpoints;
using Pvi.Identity.Infrastructure;
using Pvi.Identity.Keys;
using Pvi.ServiceDefaults;
using Pvi.ServiceData;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Pvi.Identity.Extensions;

public static class Extensions
{
    public static readonly CultureInfo[] Cultures = [new("nl-NL"), new("en-US")];

    public static void AddIdentityProvider(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        var settings = builder.Configuration.GetSection(ProviderSettings.SectionName).Get<ProviderSettings>() ?? new ProviderSettings();
        var longest = settings.LongestSignedTokenLifetime(development);
        settings.Keys.RetainAfter ??= longest + TimeSpan.FromMinutes(5);
        if (settings.Keys.RetainAfter < longest)
        {
            throw new InvalidOperationException($"{ProviderSettings.SectionName}:Keys:RetainAfter must be at least the longest token lifetime ({longest}).");
        }

        if (settings.Keys.PublishAhead <= TimeSpan.Zero || settings.Keys.PublishAhead >= settings.Keys.RotationPeriod)
        {
            throw new InvalidOperationException($"{ProviderSettings.SectionName}:Keys:PublishAhead must be positive and shorter than RotationPeriod.");
        }

        var issuer = settings.Issuer ?? new Uri(builder.Configuration["Endpoints:Http"]
            ?? throw new InvalidOperationException($"Set {ProviderSettings.SectionName}:Issuer or Endpoints:Http."));
        builder.Services.AddSingleton(settings);

        builder.AddServiceDatabase<IdentityDbContext, SqliteIdentityDbContext, PostgresIdentityDbContext>("identity", writesOutsideUnitsOfWork: true);
        // The keys that protect the signing keys, the sign-in cookie, codes and refresh tokens: beside the data.
        var data = builder.Configuration.GetSection(DatabaseSettings.SectionName).Get<DatabaseSettings>()?.DataFolder
            ?? Path.Combine(builder.Environment.ContentRootPath, "data");
        builder.Services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(data, "identity-keys")))
            .SetApplicationName("pvi-identity");
        // Run in this order at every start, once the schema is there.
        if (settings.SeedDemoUsers)
        {
            builder.Services.AddSingleton<ISeedData<IdentityDbContext>, DemoAccountsSeed>();
        }

        builder.Services.AddScoped<ISeedData<IdentityDbContext>, ClientRegistrations>();
        builder.Services.AddSingleton<ISeedData<IdentityDbContext>, SigningKeysAtStart>();
        builder.Services.AddSingleton<SigningKeyRing>();
        builder.Services.AddSingleton<ActiveSigningKey>();
        builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, PublishedSigningKeys>();
        builder.Services.AddHostedService<KeyRotationClock>();

        builder.Services.AddAuthentication(ConnectEndpoints.SessionScheme).AddCookie(ConnectEndpoints.SessionScheme, cookie =>
        {
            cookie.Cookie.Name = "pvi-identity";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/account/signin";
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = settings.SessionIdleTimeout;
        });
        builder.Services.AddAuthorization();

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>())
            .AddServer(server =>
            {
                server.SetIssuer(issuer)
                    .SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetEndSessionEndpointUris("connect/endsession");
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                    .AllowClientCredentialsFlow()
                    .AllowRefreshTokenFlow();
                if (development)
                {
                    server.AllowCustomFlow(DevelopmentGrant.Type);
                }

                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Roles, Scopes.OfflineAccess, ClientRegistrations.ApiScope);
                server.SetAccessTokenLifetime(settings.AccessTokenLifetime)
                    .SetIdentityTokenLifetime(settings.IdentityTokenLifetime)
                    .SetRefreshTokenLifetime(settings.RefreshTokenLifetime);

                // Access tokens are signed JWTs every service checks through discovery and the key set.
                server.DisableAccessTokenEncryption();
                // Codes and refresh tokens are the provider's own, protected by Data Protection; this key encrypts nothing that is kept.
                server.AddEphemeralEncryptionKey();
                server.UseDataProtection().PreferDefaultAccessTokenFormat();
                server.AddEventHandler(ActiveSigningKey.Descriptor);
                server.Configure(options =>
                {
                    // Tokens carry wall-clock times: other processes check them against theirs. Key rollover follows the injected clock.
                    options.TimeProvider = TimeProvider.System;
                    // PKCE with S256 only: a plain challenge is the verifier itself.
                    options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);
                });

                var aspNetCore = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                if (!settings.RequireHttps)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            });

        builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        builder.Services.AddRazorPages();
    }

    public static void UseIdentityProvider(this WebApplication app)
    {
        app.UseHealthEndpoints();
        // Nothing else is answered before the store, the clients and the signing keys are in place.
        app.Use(async (context, next) =>
        {
            if (!context.RequestServices.GetRequiredService<DatabaseInitialization<IdentityDbContext>>().Completed)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "1";
                return;
            }

            await next(context);
        });
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Cultures[0]),
            SupportedCultures = Cultures,
            SupportedUICultures = Cultures,
            // Dutch unless the person chose otherwise here; not the browser's language.
            RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()],
        });
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
    }

    public static void MapIdentityProvider(this WebApplication app)
    {
        app.MapConnectEndpoints();
        app.MapRazorPages();
        app.MapGet("/account/language", (string culture, string? returnUrl, HttpContext http) =>
        {
            if (Cultures.Any(c => c.Name == culture))
            {
                http.Response.Cookies.Append(
                    CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365) });
            }

            return Results.LocalRedirect(returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/account/signin");
        });

        if (app.Environment.IsDevelopment())
        {
            app.MapDevelopmentEndpoints();
        }
    }
}
