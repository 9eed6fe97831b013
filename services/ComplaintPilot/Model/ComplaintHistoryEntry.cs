namespace Pvi.ComplaintPilot.Model;

/// <summary>One step of a complaint's history.</summary>
public sealed class ComplaintHistoryEntry
{
    public long Id { get; set; }

    public required string ComplaintId { get; init; }

    public DateTime At { get; init; }

    public required string Kind { get; init; }

    public required string Actor { get; init; }

    public string? Detail { get; init; }
}
