using Microsoft.Extensions.Configuration;

namespace Pvi.ServiceDefaults.Authentication;

/// <summary>
/// Section <c>Authentication:Jwt</c>: an OpenID Connect authority whose discovery document and key
/// set sign the tokens (the embedded default's own provider, the police's in Kubernetes), or a
/// shared signing key of one's own for a machine without a provider.
/// </summary>
public sealed class JwtSettings
{
    public const string SectionName = "Authentication:Jwt";

    /// <summary>The identity provider; its signing keys are fetched from its discovery document.</summary>
    public string? Authority { get; set; }

    /// <summary>A shared HMAC-SHA256 key (at least 32 bytes), instead of an authority.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Expected <c>iss</c>; with an authority by default the issuer its discovery document names.</summary>
    public string? Issuer { get; set; }

    public string Audience { get; set; } = "pvi";

    /// <summary>Whether discovery must be fetched over HTTPS; an authority on a loopback address may be plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the discovery document and key set are fetched again (at least 5 minutes); the
    /// provider publishes a new key longer than this before it signs with it.
    /// </summary>
    public TimeSpan MetadataRefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How soon they are fetched again after a token names a key not in the set, or a fetch failed (at least 1 second).</summary>
    public TimeSpan MetadataRetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The issuer of the suite's own tokens in the shared-key mode.</summary>
    public const string SharedKeyIssuer = "pvi";

    public static JwtSettings Load(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<JwtSettings>() ?? new JwtSettings();

    /// <summary>An authority on this machine (the embedded default) may be reached over plain HTTP.</summary>
    public bool HttpsMetadataRequired =>
        RequireHttpsMetadata && !(Uri.TryCreate(Authority, UriKind.Absolute, out var uri) && uri.IsLoopback);
}
