using Google.Protobuf.WellKnownTypes;
using Pvi.Ndv.V1;
using Pvi.ServiceData;

namespace Pvi.NdvMatching.Model;

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

    /// <summary>
    /// A new request, to be offered to its first candidate, and the event that announces it. A basic
    /// team asking for its own unit is named on the request; a coordinator or a service asks for the unit.
    /// </summary>
    public static (ExpertiseRequest Request, ExpertiseRequestCreated Created) Create(NewExpertiseRequest wanted, string requestedBy, string? team, CreateKey key, DateTime now)
    {
        var created = new ExpertiseRequest
        {
            Id = Guid.CreateVersion7(now).ToString(),
            ClientRequestId = key.ClientRequestId,
            Fingerprint = key.Fingerprint,
            RequestedBy = requestedBy,
            Unit = wanted.Unit,
            Team = team,
            NeededExpertise = [.. wanted.NeededExpertise],
            Languages = [.. wanted.Languages],
            Urgency = wanted.Urgency,
            ExpectedMinutes = wanted.ExpectedMinutes,
            Description = wanted.Description,
            Status = RequestStatus.Offered,
            CreatedAt = now,
        };
        return (created, new ExpertiseRequestCreated
        {
            RequestId = created.Id,
            Unit = created.Unit,
            Urgency = ((Urgency)(int)created.Urgency).ToString(),
            ExpectedHours = Matching.DutyBudgets.ToHours(created.ExpectedMinutes),
            CreateTime = Timestamp.FromDateTime(now),
        });
    }
}
