namespace Pvi.NdvMatching.Model;

/// <summary>A period in which a member takes no offers, [Start, End).</summary>
public sealed class UnavailablePeriod
{
    public long Id { get; set; }

    public required string MemberId { get; init; }

    public DateTime Start { get; set; }

    public DateTime End { get; set; }

    public string Note { get; set; } = string.Empty;
}
