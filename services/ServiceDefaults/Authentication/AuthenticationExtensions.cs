using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Pvi.ServiceDefaults.Authentication;

public static class AuthenticationExtensions
{
    /// <summary>Signatures accepted from an identity provider: asymmetric only, so that no public key can serve as an HMAC secret.</summary>
    public static readonly string[] ProviderAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>
    /// JWT bearer authentication from <c>Authentication:Jwt</c>: tokens of an identity provider
    /// checked through its discovery document and key set (refreshed on their own, so a new key is
    /// picked up without a restart), their claims mapped to the suite's by <c>Authentication:Claims</c>;
    /// or, without a provider, a shared key of one's own. One authorization policy per role, and a
    /// fallback policy that lets nobody in without a valid token.
    /// </summary>
    public static IHostApplicationBuilder AddDefaultAuthentication(this IHostApplicationBuilder builder)
    {
        var settings = JwtSettings.Load(builder.Configuration);
        var mapping = new ClaimMapping(ClaimMappingSettings.Load(builder.Configuration));
        builder.Services.AddSingleton(settings);
        builder.Services.AddHttpClient(nameof(ServiceIdentity));
        builder.Services.AddSingleton<ServiceIdentity>();
        var withProvider = !string.IsNullOrWhiteSpace(settings.Authority);
        if (!withProvider && string.IsNullOrWhiteSpace(settings.SigningKey))
        {
            // Fail at start, not on every request.
            throw new InvalidOperationException(
                $"Set {JwtSettings.SectionName}:Authority (an identity provider) or {JwtSettings.SectionName}:SigningKey (a shared key of your own).");
        }

        var signingKey = withProvider ? null : SigningKey(settings.SigningKey!);
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = ValidationParameters(settings, signingKey);

                if (withProvider)
                {
                    options.Authority = settings.Authority;
                    options.Audience = settings.Audience;
                    options.RequireHttpsMetadata = settings.HttpsMetadataRequired;
                    options.AutomaticRefreshInterval = settings.MetadataRefreshInterval;
                    options.RefreshInterval = settings.MetadataRetryInterval;
                    if (!mapping.IsIdentity)
                    {
                        options.Events = new JwtBearerEvents
                        {
                            OnTokenValidated = context =>
                            {
                                context.Principal = mapping.Map((JsonWebToken)context.SecurityToken, JwtBearerDefaults.AuthenticationScheme);
                                return Task.CompletedTask;
                            },
                        };
                    }
                }
            });

        if (withProvider)
        {
            builder.Services.AddHealthChecks().AddCheck<IdentityProviderCheck>("identity-provider", tags: [Extensions.ReadyTag]);

            // The provider's signatures are verified once per token, not on every call, and a remembered token is not read again.
            builder.Services.TryAddSingleton(TimeProvider.System);
            builder.Services.AddSingleton<VerifiedSignatures>();
            builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
                .Configure<VerifiedSignatures>((options, signatures) => signatures.Use(options));
        }

        var authorization = builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var role in Roles.All)
        {
            authorization.AddPolicy(role, policy => policy.RequireAuthenticatedUser().RequireRole(role));
        }

        return builder;
    }

    /// <summary>
    /// What a caller's token is validated against: issuer, audience, lifetime (with an expiry) and a
    /// signature, asymmetric from a provider (whose keys come from its key set) or HMAC-SHA256 with
    /// the shared <paramref name="signingKey"/>; the suite's name and role claims.
    /// </summary>
    public static TokenValidationParameters ValidationParameters(JwtSettings settings, SecurityKey? signingKey)
    {
        var withProvider = signingKey is null;
        return new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer ?? (withProvider ? null : JwtSettings.SharedKeyIssuer),
            ValidAudience = settings.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = settings.ClockSkew,
            NameClaimType = SuiteClaimTypes.Name,
            RoleClaimType = SuiteClaimTypes.Role,
            IssuerSigningKey = signingKey,
            ValidAlgorithms = withProvider ? ProviderAlgorithms : [SecurityAlgorithms.HmacSha256],
        };
    }

    public static SymmetricSecurityKey SigningKey(string key)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException($"{JwtSettings.SectionName}:SigningKey must be at least 32 bytes.");
        }

        return new SymmetricSecurityKey(bytes);
    }
}
