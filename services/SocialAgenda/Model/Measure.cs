namespace Pvi.SocialAgenda.Model;

/// <summary>A measure of a unit's plan for social safety.</summary>
public sealed class Measure
{
    public required string Id { get; init; }

    public required string Unit { get; init; }

    public required string Title { get; set; }

    public string Description { get; set; } = string.Empty;

    public required string Owner { get; set; }

    public DateOnly DueDate { get; set; }

    public MeasureStatus Status { get; set; } = MeasureStatus.Planned;

    public int ProgressPercent { get; set; }

    public string? Theme { get; set; }

    public string? WaveId { get; set; }

    public required string CreatedBy { get; init; }

    public string? ClientRequestId { get; init; }

    public string? Fingerprint { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency.</summary>
    public int Revision { get; set; }
}
