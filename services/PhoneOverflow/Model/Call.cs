namespace Pvi.PhoneOverflow.Model;

/// <summary>A call to the national Roze in Blauw line and the decision in force for it.</summary>
public sealed class Call
{
    public required string Id { get; init; }

    public string? CallerRegion { get; init; }

    /// <summary>Shown only to who handles the call.</summary>
    public string? CallerNumber { get; init; }

    /// <summary>Hash of the route request, to tell a retry from a reused call id.</summary>
    public required string Fingerprint { get; init; }

    public CallState Status { get; set; }

    public DateTime ArrivedAt { get; init; }

    /// <summary>No member on duty and every RSC closed when it arrived.</summary>
    public bool ArrivedWhileAllClosed { get; set; }

    public RouteAction Action { get; set; }

    public Target TargetKind { get; set; }

    public string? TargetId { get; set; }

    public string? Rsc { get; set; }

    public string Reason { get; set; } = string.Empty;

    public DateTime? RingingSince { get; set; }

    public int QueuePosition { get; set; }

    public int EstimatedWaitSeconds { get; set; }

    public DateTime? AnsweredAt { get; set; }

    /// <summary>When the caller stopped waiting: answered, hung up, or sent to voicemail.</summary>
    public DateTime? WaitEndedAt { get; set; }

    public Target AnsweredByKind { get; set; }

    public string? AnsweredById { get; set; }

    public string? AnsweredRsc { get; set; }

    public DateTime? EndedAt { get; set; }

    public int Outcome { get; set; }

    public string? OutcomeNote { get; set; }

    public int Version { get; set; }

    public bool IsOpen => Status is CallState.Ringing or CallState.Queued or CallState.Answered;
}
