namespace Pvi.Gateway.Extensions;

/// <summary>Section <c>Gateway</c>.</summary>
public sealed class GatewaySettings
{
    public const string SectionName = "Gateway";

    /// <summary>Largest request body accepted, in bytes (413 above it).</summary>
    public long MaxRequestBodySize { get; set; } = 1024 * 1024;

    /// <summary>Per-user token bucket (per client address for calls without a token).</summary>
    public RateLimitSettings RateLimit { get; set; } = new();

    /// <summary>
    /// Route policies beyond those of the domain services (<see cref="Pvi.ServiceDefaults.Authentication.ServiceRoles"/>):
    /// a name used as <c>AuthorizationPolicy</c> of YARP routes (as <c>route:{name}</c>) and the roles that may pass it.
    /// </summary>
    public Dictionary<string, string[]> RoutePolicies { get; set; } = [];

    /// <summary>
    /// Browser front ends on other origins that may call the gateway (REST and gRPC-Web), e.g. the
    /// intranet's <c>https://intranet.politie.nl</c>; none by default.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];
}
