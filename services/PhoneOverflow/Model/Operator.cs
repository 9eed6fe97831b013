namespace Pvi.PhoneOverflow.Model;

/// <summary>An RSC operator; known from their first sign-in or from the coordinator marking their training.</summary>
public sealed class Operator
{
    public required string Id { get; init; }

    public required string Name { get; set; }

    public required string Rsc { get; set; }

    public bool SignedIn { get; set; }

    public DateTime? SignedInAt { get; set; }

    public bool LgbtiqTrained { get; set; }

    /// <summary>The call ringing at or answered by the operator: one call at a time.</summary>
    public string? CurrentCallId { get; set; }

    public DateTime? LastCallEndedAt { get; set; }

    public int Version { get; set; }
}
