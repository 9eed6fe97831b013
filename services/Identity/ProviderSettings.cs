namespace Pvi.Identity;

/// <summary>Section <c>Identity</c>: the suite's own OpenID Connect provider.</summary>
public sealed class ProviderSettings
{
    public const string SectionName = "Identity";

    /// <summary>The issuer the tokens carry and discovery announces; by default this process's HTTP address.</summary>
    public Uri? Issuer { get; set; }

    /// <summary>The audience of every access token: the suite's services.</summary>
    public string Audience { get; set; } = "pvi";

    /// <summary>Whether the endpoints refuse plain HTTP (behind TLS); the embedded default runs on loopback HTTP.</summary>
    public bool RequireHttps { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan IdentityTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>The longest a token of the development grant may live (Development only), so a tour or a tester's session lasts.</summary>
    public TimeSpan DevelopmentTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long the provider's own sign-in session lasts without use.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);

    public SigningKeySettings Keys { get; set; } = new();

    /// <summary>The clients that may ask for tokens, by client id.</summary>
    public Dictionary<string, ClientSettings> Clients { get; set; } = [];

    /// <summary>Load the demo users of seeds/users.json into an empty store.</summary>
    public bool SeedDemoUsers { get; set; }

    /// <summary>The longest lifetime of a token signed with a key: the key stays published at least this long after it stops signing.</summary>
    public TimeSpan LongestSignedTokenLifetime(bool development) =>
        new[] { AccessTokenLifetime, IdentityTokenLifetime, development ? DevelopmentTokenLifetime : TimeSpan.Zero }.Max();
}

/// <summary>
/// Section <c>Identity:Keys</c>: the RS256 signing keys roll over on their own. A new key is
/// published <see cref="PublishAhead"/> before it signs (longer than the validators' metadata
/// refresh), signs for <see cref="RotationPeriod"/>, and stays published <see cref="RetainAfter"/>
/// after it stopped signing (at least as long as the tokens it signed live).
/// </summary>
public sealed class SigningKeySettings
{
    public TimeSpan RotationPeriod { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan PublishAhead { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Default: the longest token lifetime plus five minutes of clock skew.</summary>
    public TimeSpan? RetainAfter { get; set; }

    /// <summary>How often the provider looks whether a key is due to be added or removed.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}

public enum ClientKind
{
    /// <summary>A service of the suite asking for its own token (client credentials, role <c>service</c>).</summary>
    Service = 1,

    /// <summary>A web application signing people in (authorization code with PKCE, refresh tokens, sign-out).</summary>
    Web = 2,

    /// <summary>The development grant: a token for any identity with the claims given (Development only).</summary>
    Development = 3,
}

public sealed class ClientSettings
{
    public ClientKind Kind { get; set; } = ClientKind.Service;

    public string? DisplayName { get; set; }

    /// <summary>The client secret (service and web clients); never logged.</summary>
    public string? Secret { get; set; }

    public string[] RedirectUris { get; set; } = [];

    public string[] PostLogoutRedirectUris { get; set; } = [];
}
