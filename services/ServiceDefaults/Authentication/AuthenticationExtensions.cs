using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Pvi.ServiceDefaults.Authentication;

public static class AuthenticationExtensions
{
    /// <summary>
    /// JWT bearer authentication from <c>Authentication:Jwt</c>, one authorization policy per role,
    /// and a fallback policy that lets nobody in without a valid token.
    /// </summary>
    public static IHostApplicationBuilder AddDefaultAuthentication(this IHostApplicationBuilder builder)
    {
        var settings = JwtSettings.Load(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(settings);
        builder.Services.AddHttpClient(nameof(ServiceIdentity));
        builder.Services.AddSingleton<ServiceIdentity>();
        if (string.IsNullOrWhiteSpace(settings.Authority) && string.IsNullOrWhiteSpace(settings.SigningKey))
        {
            // Fail at start, not on every request.
            throw new InvalidOperationException(
                $"Set {JwtSettings.SectionName}:Authority (an identity provider) or {JwtSettings.SectionName}:SigningKey.");
        }

        var signingKey = string.IsNullOrWhiteSpace(settings.Authority) ? SigningKey(settings.SigningKey!) : null;

        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Issuer,
                    ValidAudience = settings.Audience,
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    ClockSkew = settings.ClockSkew,
                    NameClaimType = SuiteClaimTypes.Name,
                    RoleClaimType = SuiteClaimTypes.Role,
                };

                if (!string.IsNullOrWhiteSpace(settings.Authority))
                {
                    options.Authority = settings.Authority;
                    options.Audience = settings.Audience;
                    options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
                }
                else
                {
                    options.TokenValidationParameters.IssuerSigningKey = signingKey;
                    options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
                }
            });

        var authorization = builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var role in Roles.All)
        {
            authorization.AddPolicy(role, policy => policy.RequireAuthenticatedUser().RequireRole(role));
        }

        return builder;
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
