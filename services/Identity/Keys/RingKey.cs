using Microsoft.IdentityModel.Tokens;

namespace Pvi.Identity.Keys;

/// <summary>A published signing key: it verifies from when it is published and signs from <see cref="ActivatesAt"/>.</summary>
public sealed record RingKey(string Id, RsaSecurityKey Key, DateTime ActivatesAt);
