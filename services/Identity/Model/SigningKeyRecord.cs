namespace Pvi.Identity.Model;

/// <summary>One RS256 signing key of the provider; its private part is kept protected at rest.</summary>
public sealed class SigningKeyRecord
{
    /// <summary>The key id (<c>kid</c>) tokens and the key set carry.</summary>
    public required string Id { get; init; }

    /// <summary>The PKCS#8 private key, protected with ASP.NET Core Data Protection.</summary>
    public required string ProtectedKey { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary>From when it signs (published from <see cref="CreatedAt"/>).</summary>
    public DateTime ActivatesAt { get; init; }
}
