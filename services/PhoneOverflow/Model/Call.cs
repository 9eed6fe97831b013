namespace Pvi.PhoneOverflow.Model;

public enum CallState
{
    Ringing = 1,
    Queued = 2,
    Answered = 3,
    Completed = 4,
    Abandoned = 5,
    Voicemail = 6,
}

public enum Target
{
    None = 0,
    Member = 1,
    Operator = 2,
}

public enum RouteAction
{
    Ring = 1,
    Queue = 2,
    Voicemail = 3,
}

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
    public bool ArrivedWhileAllClosed { get; init; }

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

/// <summary>One step of a call's routing: its audit trail.</summary>
public sealed class CallStep
{
    public long Id { get; set; }

    public required string CallId { get; init; }

    public DateTime At { get; init; }

    public RouteAction Action { get; init; }

    public Target TargetKind { get; init; }

    public string? TargetId { get; init; }

    public string? Rsc { get; init; }

    public string Reason { get; init; } = string.Empty;

    /// <summary>ringing, answered, ring-timeout, abandoned; empty for queue and voicemail.</summary>
    public string Result { get; set; } = string.Empty;
}

/// <summary>A call forwarded to an RSC operator, at its place in the RSC's stream.</summary>
public sealed class ForwardedCall
{
    public required string Rsc { get; init; }

    public long Position { get; init; }

    public required string CallId { get; init; }

    public required string OperatorId { get; init; }

    public required string Reason { get; init; }

    public int QueuePosition { get; init; }

    public DateTime ForwardedAt { get; init; }

    public string? CallerRegion { get; init; }
}
