namespace Pvi.NdvMatching.Model;

/// <summary>One step of a request's audit trail.</summary>
public sealed class RequestHistoryEntry
{
    public long Id { get; set; }

    public required string RequestId { get; init; }

    public DateTime At { get; init; }

    public required string Kind { get; init; }

    public string? MemberId { get; init; }

    public required string Actor { get; init; }

    public string? Detail { get; init; }
}
