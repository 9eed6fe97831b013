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
