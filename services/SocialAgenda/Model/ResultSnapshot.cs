namespace Pvi.SocialAgenda.Model;

/// <summary>The published results of a group in a closed wave (protobuf JSON of <c>GroupResults</c>; "" is the national picture).</summary>
public sealed class ResultSnapshot
{
    public required string WaveId { get; init; }

    public required string Unit { get; init; }

    public required string Results { get; set; }
}
