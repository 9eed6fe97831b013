namespace Pvi.PhoneOverflow.Model;

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
