using Pvi.ServiceDefaults.Authentication;

namespace Pvi.TestSupport;

/// <summary>Tokens of the test identity provider (<see cref="TestIdentity"/>), and forged ones.</summary>
public static class TestTokens
{
    private static TokenSource Tokens => TestIdentity.Tokens;

    public static string For(string role, string unit = "AM", string? subject = null) => Tokens.For(role, unit, subject);

    /// <summary>A token for a user with every claim the caller chooses (team, NDV member id, RSC).</summary>
    public static string For(SuiteUser user) => Tokens.For(user);

    public static string Expired(string role) => Tokens.Expired(role);

    /// <summary>A well-formed token signed with a key the suite does not trust.</summary>
    public static string SignedByStranger(string role) => Tokens.SignedByUnpublishedKey(role);
}
