namespace Pvi.ComplaintPilot.Model;

/// <summary>A complaint about police conduct (Awb chapter 9) with the pilot's additions.</summary>
public sealed partial class Complaint
{
    public required string Id { get; init; }

    public string? ClientRequestId { get; init; }

    public required string Fingerprint { get; init; }

    public required string RegisteredBy { get; init; }

    public required string Unit { get; init; }

    public DateOnly ReceiveDate { get; init; }

    public int Channel { get; init; }

    /// <summary>Personal data: shown only to the unit's handler, coordinator and committee; every read logged.</summary>
    public string? ComplainantName { get; set; }

    public string? ComplainantEmail { get; set; }

    public string? ComplainantPhone { get; set; }

    public string? ComplainantAddress { get; set; }

    /// <summary>When the complainant's details were erased after the retention period; the complaint itself stays for the figures.</summary>
    public DateTime? ComplainantErasedAt { get; set; }

    public DateOnly ConductDate { get; init; }

    public required string ConductDescription { get; init; }

    public List<InvolvedOfficer> Officers { get; set; } = [];

    public required string Category { get; init; }

    public bool PilotCase { get; init; }

    public ComplaintState Status { get; set; }

    public string? HandlerId { get; set; }

    public string? HandlerTeam { get; set; }

    public DateOnly? AcknowledgeDate { get; set; }

    /// <summary>Whether the complaints committee advises: the decision is due after 10 weeks instead of 6.</summary>
    public bool WithCommitteeAdvice { get; set; }

    public int ExtensionWeeks { get; set; }

    public DateOnly? ExtensionNoticeDate { get; set; }

    /// <summary>The due date the complainant consented to in writing, after the extension.</summary>
    public DateOnly? ConsentedDueDate { get; set; }

    /// <summary>The decision deadline in force (kept in a column so that lists can filter and sort by it).</summary>
    public DateOnly DecisionDue { get; set; }

    public DateOnly? DeadlineWarnedFor { get; set; }

    public DateOnly? DeadlineMissedFor { get; set; }

    public int DeclineGround { get; set; }

    public int Hearing { get; set; }

    public string? HearingReport { get; set; }

    public string? SelectionReason { get; set; }

    public bool SelectionRecorded { get; set; }

    public bool SelectionExplained { get; set; }

    public string? LessonsLearned { get; set; }

    public int Outcome { get; set; }

    public string? DecisionReasons { get; set; }

    public string? DecisionText { get; set; }

    public DateOnly? DecideDate { get; set; }

    public string? NdvRepresentative { get; set; }

    /// <summary>A pilot case waits for its NDV representative request to reach the NDV service (retried until it does).</summary>
    public bool NdvRequestPending { get; set; }

    /// <summary>The NDV service's id of the representative request.</summary>
    public string? NdvRequestId { get; set; }

    public DateTime CreatedAt { get; init; }

    public int Version { get; set; }

    /// <summary>The states of a complaint still being handled: neither decided, resolved nor declined.</summary>
    public static readonly ComplaintState[] OpenStates = [ComplaintState.Received, ComplaintState.PhaseOne, ComplaintState.PhaseTwo, ComplaintState.WithCommittee];

    /// <summary>
    /// Still being handled (<see cref="OpenStates"/>); queries say <c>Complaint.OpenStates.Contains(c.Status)</c>,
    /// which the database translates.
    /// </summary>
    public bool IsOpen => OpenStates.Contains(Status);

    /// <summary>Past its decision deadline (Awb 9:11): still open after it, or decided after it. A resolved or declined complaint never is.</summary>
    public bool IsOverdue(DateOnly today) => Status is not (ComplaintState.Resolved or ComplaintState.Declined) && (DecideDate ?? today) > DecisionDue;

    /// <summary>
    /// The NDV service took the representative request: it is no longer pending. False when it was
    /// recorded already (the acceptance can arrive before the requester's own save).
    /// </summary>
    public bool RecordNdvRequest(string ndvRequestId)
    {
        if (!NdvRequestPending && NdvRequestId is not null)
        {
            return false;
        }

        NdvRequestPending = false;
        NdvRequestId = ndvRequestId;
        Version++;
        return true;
    }

    /// <summary>A network member accepted the NDV request; false when this member is recorded already.</summary>
    public bool RecordNdvRepresentative(string memberId)
    {
        if (NdvRepresentative == memberId)
        {
            return false;
        }

        NdvRepresentative = memberId;
        Version++;
        return true;
    }
}
