namespace Pvi.NdvMatching.Model;

/// <summary>A request offered to one member; the offers of a request are its audit trail of candidates.</summary>
public sealed class Offer
{
    public required string Id { get; init; }

    public required string RequestId { get; init; }

    public required string MemberId { get; init; }

    /// <summary>The member's home unit when the offer was made: their hours count against that unit's budget.</summary>
    public required string MemberUnit { get; init; }

    /// <summary>The requesting unit, for coordinators' views.</summary>
    public required string RequestUnit { get; init; }

    public int Rank { get; init; }

    public OfferState Status { get; set; }

    public DateTime OfferedAt { get; init; }

    public DateTime ExpiresAt { get; init; }

    public DateTime? ClosedAt { get; set; }

    public string? DeclineReason { get; set; }

    /// <summary>The request's expected minutes, held against the member's budget while pending or accepted.</summary>
    public int ExpectedMinutes { get; init; }

    public int? SpentMinutes { get; set; }

    public DateTime? CompletedAt { get; set; }

    public ExpertiseRequest? Request { get; set; }

    public bool HoldsBudget => Status is OfferState.Pending or OfferState.Accepted;

    /// <summary>A new pending offer of the request to a member, holding the request's expected hours until it expires.</summary>
    public static Offer Make(ExpertiseRequest request, string memberId, string memberUnit, int rank, DateTime at, TimeSpan expiry) => new()
    {
        Id = Guid.CreateVersion7(at).ToString(),
        RequestId = request.Id,
        MemberId = memberId,
        MemberUnit = memberUnit,
        RequestUnit = request.Unit,
        Rank = rank,
        Status = OfferState.Pending,
        OfferedAt = at,
        ExpiresAt = at + expiry,
        ExpectedMinutes = request.ExpectedMinutes,
    };
}
