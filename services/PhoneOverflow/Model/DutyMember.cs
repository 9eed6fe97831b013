namespace Pvi.PhoneOverflow.Model;

/// <summary>A Roze in Blauw member as the line knows them, kept from the NDV member events.</summary>
public sealed class DutyMember
{
    public required string MemberId { get; init; }

    public required string Name { get; set; }

    public required string HomeUnit { get; set; }

    public bool IsRozeInBlauw { get; set; }

    public bool ConsentActive { get; set; }

    /// <summary>The time of the member event applied last; older events are ignored.</summary>
    public DateTime ChangedAt { get; set; }

    public bool OnDuty { get; set; }

    public DateTime? OnDutySince { get; set; }

    public string? CurrentCallId { get; set; }

    public DateTime? LastCallEndedAt { get; set; }

    public int Version { get; set; }

    public bool MayTakeCalls => IsRozeInBlauw && ConsentActive;
}
