namespace Pvi.SocialAgenda.Model;

public enum WaveState
{
    Draft = 1,
    Open = 2,
    Closed = 3,
}

/// <summary>The survey of one year.</summary>
public sealed class Wave
{
    public required string Id { get; init; }

    public int Year { get; init; }

    public required string Title { get; init; }

    public required string InstrumentId { get; init; }

    public WaveState State { get; set; } = WaveState.Draft;

    public string? CreatedBy { get; init; }

    public string? ClientRequestId { get; init; }

    public string? Fingerprint { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? OpenedAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    /// <summary>The responses counted at closing.</summary>
    public int Responses { get; set; }

    /// <summary>The thresholds the published results were suppressed with.</summary>
    public int ScoreThreshold { get; set; }

    public int CommentThreshold { get; set; }

    /// <summary>Optimistic concurrency.</summary>
    public int Revision { get; set; }
}

/// <summary>How many invitations a unit received in a wave.</summary>
public sealed class WaveUnit
{
    public required string WaveId { get; init; }

    public required string Unit { get; init; }

    public int Invited { get; set; }
}

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

/// <summary>An invitation: the hash of its token, the wave and the unit. Never the person it went to.</summary>
public sealed class Invitation
{
    public required string TokenHash { get; init; }

    public required string WaveId { get; init; }

    public required string Unit { get; init; }
}

/// <summary>
/// The marker that a token was used: the hash alone, in its own table, with no time, wave or
/// reference to the response it produced.
/// </summary>
public sealed class SpentInvitation
{
    public required string TokenHash { get; init; }
}
