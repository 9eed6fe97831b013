namespace Pvi.Identity;

/// <summary>
/// Development only: a token for a demo user (<c>user</c>) or for any identity with the claims a
/// tester gives (<c>claims</c>, a JSON object as in seeds/users.json), for the README's tour and
/// for testers. Optional: <c>lifetime</c> in seconds (negative for an expired token) and
/// <c>token_audience</c>. Outside Development the grant type does not exist.
/// </summary>
public static class DevelopmentGrant
{
    public const string Type = "urn:pvi:grant-type:development";

    public const string ClientId = "pvi-development";
}
