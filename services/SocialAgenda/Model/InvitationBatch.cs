namespace Pvi.SocialAgenda.Model;

/// <summary>One request for invitations: kept so that a repeated request_id is recognised (the tokens are not kept).</summary>
public sealed class InvitationBatch
{
    public required string Id { get; init; }

    public required string WaveId { get; init; }

    public required string Unit { get; init; }

    public int Count { get; init; }

    public required string IssuedBy { get; init; }

    public string? ClientRequestId { get; init; }

    public DateTime IssuedAt { get; init; }
}
