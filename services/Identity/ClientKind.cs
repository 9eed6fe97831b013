namespace Pvi.Identity;

public enum ClientKind
{
    /// <summary>A service of the suite asking for its own token (client credentials, role <c>service</c>).</summary>
    Service = 1,

    /// <summary>A web application signing people in (authorization code with PKCE, refresh tokens, sign-out).</summary>
    Web = 2,

    /// <summary>The development grant: a token for any identity with the claims given (Development only).</summary>
    Development = 3,
}
