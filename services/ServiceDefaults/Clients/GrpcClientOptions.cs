namespace Pvi.ServiceDefaults.Clients;

/// <summary>
/// Section <c>Services:{name}</c>: where a peer service is reached. In the embedded default
/// <c>Grpc</c> is the peer's own HTTP/2 endpoint; behind Dapr it is the sidecar's gRPC port and
/// <c>DaprAppId</c> names the peer, so switching is configuration only.
/// </summary>
public sealed class GrpcClientOptions
{
    public Uri? Grpc { get; set; }

    public string? DaprAppId { get; set; }

    /// <summary>Deadline for a call that has none of its own and none to inherit.</summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromSeconds(5);

    public int MaxRetryAttempts { get; set; } = 3;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public double BreakerFailureRatio { get; set; } = 0.5;

    public int BreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
