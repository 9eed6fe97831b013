namespace Pvi.PhoneOverflow.Model;

/// <summary>A call forwarded to an RSC operator, at its place in the RSC's stream.</summary>
public sealed class ForwardedCall
{
    public required string Rsc { get; init; }

    public long Position { get; init; }

    public required string CallId { get; init; }

    public required string OperatorId { get; init; }

    public required string Reason { get; init; }

    public int QueuePosition { get; init; }

    public DateTime ForwardedAt { get; init; }

    public string? CallerRegion { get; init; }
}
