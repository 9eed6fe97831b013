using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Pvi.ServiceDefaults.Authentication;

/// <summary>Section <c>Authentication:Jwt</c>: either an OpenID Connect authority or a signing key.</summary>
public sealed class JwtSettings
{
    public const string SectionName = "Authentication:Jwt";

    /// <summary>The identity provider; its signing keys are fetched from its discovery document.</summary>
    public string? Authority { get; set; }

    /// <summary>A shared HMAC-SHA256 key (at least 32 bytes), for one machine and for tests.</summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "pvi";

    public string Audience { get; set; } = "pvi";

    public bool RequireHttpsMetadata { get; set; } = true;

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The key every process of the suite shares in the Development environment when nothing else
    /// is configured, so a local run needs no setup. Never accepted in any other environment.
    /// </summary>
    public const string DevelopmentSigningKey = "pvi-development-signing-key-not-for-production-use";

    public static JwtSettings Load(IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = configuration.GetSection(SectionName).Get<JwtSettings>() ?? new JwtSettings();
        if (string.IsNullOrWhiteSpace(settings.Authority) && string.IsNullOrWhiteSpace(settings.SigningKey) && environment.IsDevelopment())
        {
            settings.SigningKey = DevelopmentSigningKey;
        }

        return settings;
    }
}
