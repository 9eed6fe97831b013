namespace Pvi.NdvMatching.Model;

/// <summary>
/// NDV work a member did outside an expertise request, counted against their duty-time budget:
/// a call of the Roze in Blauw line the member answered (from the phone-overflow service).
/// </summary>
public sealed class WorkRecord
{
    public const string RozeInBlauwCall = "roze-in-blauw-call";

    public required string Id { get; init; }

    public required string MemberId { get; init; }

    /// <summary>The member's home unit when the work was done (figures per unit).</summary>
    public required string MemberUnit { get; init; }

    /// <summary>What the work was, e.g. <see cref="RozeInBlauwCall"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The id of the work in the service it came from (the call id): recorded once.</summary>
    public required string SourceId { get; init; }

    public int Minutes { get; init; }

    public DateTime DoneAt { get; init; }
}
