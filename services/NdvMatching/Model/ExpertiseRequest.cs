namespace Pvi.NdvMatching.Model;

public enum RequestUrgency
{
    Normal = 1,
    Urgent = 2,
}

public enum RequestStatus
{
    Offered = 1,
    Matched = 2,
    Completed = 3,
    Unmatched = 4,
    Cancelled = 5,
}

/// <summary>A basic team's request for NDV expertise (services/NdvMatching/README.md).</summary>
public sealed class ExpertiseRequest
{
    public required string Id { get; init; }

    /// <summary>The caller's request_id for safe retries, unique per <see cref="RequestedBy"/>.</summary>
    public string? ClientRequestId { get; init; }

    /// <summary>Hash of the create request, to tell a retry from a reused request_id.</summary>
    public required string Fingerprint { get; init; }

    public required string RequestedBy { get; init; }

    public required string Unit { get; init; }

    public string? Team { get; init; }

    public List<string> NeededExpertise { get; set; } = [];

    public List<string> Languages { get; set; } = [];

    public RequestUrgency Urgency { get; init; }

    public int ExpectedMinutes { get; init; }

    public required string Description { get; init; }

    public RequestStatus Status { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime? MatchedAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    public string? MatchedMemberId { get; set; }

    public int? SpentMinutes { get; set; }

    public int Version { get; set; }

    public bool IsOpen => Status is RequestStatus.Offered or RequestStatus.Matched or RequestStatus.Unmatched;
}

public enum OfferState
{
    Pending = 1,
    Accepted = 2,
    Declined = 3,
    Expired = 4,
    Withdrawn = 5,
    Completed = 6,
}

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
