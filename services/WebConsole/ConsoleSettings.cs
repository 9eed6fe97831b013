namespace Pvi.WebConsole;

/// <summary>Section <c>Console</c>: where the console signs people in and whom it calls for them.</summary>
public sealed class ConsoleSettings
{
    public const string SectionName = "Console";

    /// <summary>The gateway's gRPC address (HTTP/2): the only door the console calls.</summary>
    public Uri Gateway { get; set; } = new("http://localhost:5001");

    /// <summary>The OpenID Connect provider people sign in at.</summary>
    public Uri Authority { get; set; } = new("http://localhost:5500");

    public string ClientId { get; set; } = "pvi-console";

    /// <summary>The console's client secret at the provider; never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>A session unused this long ends; the person signs in again.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The access token is renewed with the refresh token when it expires within this.</summary>
    public TimeSpan RenewTokenBefore { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The deadline of every call to the gateway (a live stream has none).</summary>
    public TimeSpan CallDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a page with a list that changes looks again (at most 10 s for the users' promise).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}
