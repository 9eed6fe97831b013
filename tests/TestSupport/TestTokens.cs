using Pvi.ServiceDefaults.Authentication;

namespace Pvi.TestSupport;

/// <summary>Tokens signed with the Development key, as the gateway's development endpoint issues them.</summary>
public static class TestTokens
{
    private static readonly TokenIssuer Issuer = new(new JwtSettings { SigningKey = JwtSettings.DevelopmentSigningKey }, TimeProvider.System);

    public static string For(string role, string unit = "AM", string? subject = null) =>
        Issuer.Issue(User(role, unit, subject), TimeSpan.FromHours(1));

    /// <summary>A token for a user with every claim the caller chooses (team, NDV member id, RSC).</summary>
    public static string For(SuiteUser user) => Issuer.Issue(user, TimeSpan.FromHours(1));

    public static string Expired(string role) =>
        Issuer.Issue(User(role, "AM", null), DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddHours(-1));

    /// <summary>A well-formed token signed with a key the suite does not trust.</summary>
    public static string SignedByStranger(string role) =>
        new TokenIssuer(new JwtSettings { SigningKey = "a-key-that-nobody-in-the-suite-trusts-at-all" }, TimeProvider.System)
            .Issue(User(role, "AM", null), TimeSpan.FromHours(1));

    private static SuiteUser User(string role, string unit, string? subject) => new()
    {
        Id = subject ?? $"test-{role}",
        Name = $"Test {role}",
        Roles = [role],
        Unit = unit,
    };
}
