using Pvi.ComplaintPilot.Handling;
using Pvi.Complaints.V1;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.ComplaintPilot.Model;

/// <summary>
/// The Awb procedure (chapter 9) with the pilot's rules, as the steps a complaint takes
/// (services/ComplaintPilot/README.md). Each step checks that it may be taken now, changes the
/// complaint, and returns what happened; a step refused is FAILED_PRECONDITION and changes nothing.
/// Dates are the unit's calendar days.
/// </summary>
public sealed partial class Complaint
{
    /// <summary>The written acknowledgement of receipt was sent (9:6): phase 1 begins.</summary>
    public ComplaintStep Acknowledge(DateOnly sent)
    {
        Require("acknowledged", ComplaintState.Received);
        if (sent < ReceiveDate)
        {
            throw new PreconditionFailedException("BEFORE_RECEIPT", "The acknowledgement cannot be sent before the complaint was received.");
        }

        AcknowledgeDate = sent;
        Status = ComplaintState.PhaseOne;
        return ComplaintStep.Announcing("acknowledged", $"written acknowledgement sent {IsoDate.Format(sent)} (Awb 9:6)",
            new ComplaintAcknowledged { ComplaintId = Id, Unit = Unit, AcknowledgeDate = IsoDate.Format(sent) });
    }

    /// <summary>
    /// The coordinator assigns the handler: never someone involved in the conduct (9:7), and in a
    /// pilot case nobody from an involved officer's team.
    /// </summary>
    public ComplaintStep AssignHandler(string handlerId, string handlerTeam)
    {
        RequireOpen("assigned");
        if (Officers.Any(o => o.OfficerId == handlerId))
        {
            throw new PreconditionFailedException("HANDLER_INVOLVED", "The handler was involved in the conduct complained about (Awb 9:7).");
        }

        if (PilotCase && Officers.Any(o => o.Team == handlerTeam))
        {
            throw new PreconditionFailedException("HANDLER_TEAM_INVOLVED", "In the pilot the handler may not be from the team of an officer involved.");
        }

        HandlerId = handlerId;
        HandlerTeam = handlerTeam;
        return ComplaintStep.Announcing("assigned", handlerId, new ComplaintAssigned { ComplaintId = Id, Unit = Unit, HandlerId = handlerId });
    }

    /// <summary>Declined on a 9:8 ground, only within 4 weeks of receipt.</summary>
    public ComplaintStep Decline(DeclineGround ground, string explanation, DateOnly today)
    {
        Require("declined", ComplaintState.Received, ComplaintState.PhaseOne);
        if (today > AwbDeadlines.DeclineBy(this))
        {
            throw new PreconditionFailedException("DECLINE_TOO_LATE", $"A complaint can be declined only within {AwbDeadlines.DeclineWeeks} weeks of receipt (Awb 9:8), until {IsoDate.Format(AwbDeadlines.DeclineBy(this))}.");
        }

        Status = ComplaintState.Declined;
        DeclineGround = (int)ground;
        DecisionReasons = explanation.Trim();
        DecideDate = today;
        return ComplaintStep.Announcing("declined", $"{ground} (Awb 9:8)", DecidedEvent("declined"));
    }

    /// <summary>Phase 1 ends: resolved to the complainant's satisfaction with the written confirmation (9:5), or on to phase 2.</summary>
    public ComplaintStep RecordPhaseOneOutcome(bool resolved, string confirmation, DateOnly today)
    {
        Require("moved on from phase 1", ComplaintState.PhaseOne);
        if (!resolved)
        {
            Status = ComplaintState.PhaseTwo;
            return new("phase-two", null);
        }

        Status = ComplaintState.Resolved;
        Outcome = (int)Complaints.V1.Outcome.Resolved;
        DecideDate = today;
        DecisionReasons = confirmation.Trim();
        return ComplaintStep.Announcing("resolved", "resolved to the complainant's satisfaction, confirmed in writing (Awb 9:5)",
            new ComplaintResolved { ComplaintId = Id, Unit = Unit, ResolveDate = IsoDate.Format(today) });
    }

    /// <summary>Phase 2 goes to the complaints committee: the decision is due after 10 weeks instead of 6 (9:11(1)).</summary>
    public ComplaintStep ReferToCommittee()
    {
        Require("referred to the committee", ComplaintState.PhaseTwo);
        Status = ComplaintState.WithCommittee;
        WithCommitteeAdvice = true;
        DecisionDue = AwbDeadlines.DecisionDue(this);
        return new("referred", $"decision now due {IsoDate.Format(DecisionDue)} (10 weeks, Awb 9:11)");
    }

    /// <summary>The hearing (9:10): offered, held (with its report), waived, or the 9:10(2) exception.</summary>
    public ComplaintStep RecordHearing(HearingAction action, string report)
    {
        Require("heard", ComplaintState.PhaseOne, ComplaintState.PhaseTwo, ComplaintState.WithCommittee);
        Hearing = (int)action;
        HearingReport = action == HearingAction.Held ? report.Trim() : HearingReport;
        return new("hearing-" + action.ToString().ToLowerInvariant(), "Awb 9:10");
    }

    /// <summary>The one extension of at most 4 weeks, with written notice sent between receipt and the deadline (9:11(2)).</summary>
    public ComplaintStep Extend(int weeks, DateOnly notice)
    {
        RequireOpen("extended");
        if (ExtensionWeeks > 0)
        {
            throw new PreconditionFailedException("ALREADY_EXTENDED", "The deadline can be extended once (Awb 9:11(2)); a further delay needs the complainant's written consent.");
        }

        if (notice > DecisionDue || notice < ReceiveDate)
        {
            throw new PreconditionFailedException("NOTICE_DATE", "The written notice must be sent between receipt and the current deadline.");
        }

        ExtensionWeeks = weeks;
        ExtensionNoticeDate = notice;
        DecisionDue = AwbDeadlines.DecisionDue(this);
        return new("extended", $"{weeks} week(s), notice sent {IsoDate.Format(notice)}; decision due {IsoDate.Format(DecisionDue)} (Awb 9:11(2))");
    }

    /// <summary>A further delay after the extension, only with the complainant's written consent (9:11(2)).</summary>
    public ComplaintStep RecordConsentToDelay(DateOnly due, DateOnly consent)
    {
        RequireOpen("delayed");
        if (ExtensionWeeks == 0)
        {
            throw new PreconditionFailedException("NOT_EXTENDED", "Use the one extension first (Awb 9:11(2)); a further delay comes after it, with written consent.");
        }

        if (due <= DecisionDue)
        {
            throw new PreconditionFailedException("DUE_DATE", $"The new due date must be after the current one, {IsoDate.Format(DecisionDue)}.");
        }

        ConsentedDueDate = due;
        DecisionDue = AwbDeadlines.DecisionDue(this);
        return new("consent-to-delay", $"written consent of {IsoDate.Format(consent)}; decision due {IsoDate.Format(due)} (Awb 9:11(2))");
    }

    /// <summary>The officer's reason for selecting the complainant (the pilot); an unexplained one is flagged in the figures.</summary>
    public ComplaintStep RecordSelectionReason(string reason, bool explained)
    {
        RequireOpen("given a selection reason");
        SelectionReason = reason.Trim();
        SelectionRecorded = true;
        SelectionExplained = explained;
        return new("selection-reason", explained ? "explained" : "could not be explained (flagged)");
    }

    /// <summary>What the unit learns from the complaint; may be recorded at any time, also after the decision.</summary>
    public ComplaintStep RecordLessonsLearned(string lessons)
    {
        LessonsLearned = lessons.Trim();
        return new("lessons-learned", null);
    }

    /// <summary>
    /// The decision (9:12): upheld, partly upheld or not upheld, with reasons; only with a handler,
    /// a hearing offered (or held, waived, or the 9:10(2) exception), and in a pilot case the
    /// officer's selection reason. Its letter names the Nationale ombudsman and the one-year period.
    /// </summary>
    public ComplaintStep Decide(Outcome outcome, string reasons, DateOnly today)
    {
        Require("decided", ComplaintState.PhaseTwo, ComplaintState.WithCommittee);
        if (HandlerId is null)
        {
            throw new PreconditionFailedException("NO_HANDLER", "A handler must be assigned before the decision (Awb 9:7).");
        }

        if (Hearing == (int)HearingAction.Unspecified)
        {
            throw new PreconditionFailedException("NO_HEARING", "Offer a hearing, or record the Awb 9:10(2) exception, before deciding.");
        }

        if (PilotCase && !SelectionRecorded)
        {
            throw new PreconditionFailedException("NO_SELECTION_REASON", "In the pilot the officer's reason for the selection is recorded before the decision.");
        }

        Status = ComplaintState.Decided;
        Outcome = (int)outcome;
        DecisionReasons = reasons.Trim();
        DecideDate = today;
        DecisionText = DecisionLetter.Text(this, outcome, today);
        return ComplaintStep.Announcing("decided", $"{outcome} (Awb 9:12){(today > DecisionDue ? "; after the deadline" : string.Empty)}",
            DecidedEvent(outcome switch
            {
                Complaints.V1.Outcome.Upheld => "upheld",
                Complaints.V1.Outcome.PartlyUpheld => "partly-upheld",
                _ => "not-upheld",
            }));
    }

    private ComplaintDecided DecidedEvent(string outcome) => new()
    {
        ComplaintId = Id,
        Unit = Unit,
        Category = Category,
        Outcome = outcome,
        DecideDate = IsoDate.Format(DecideDate),
        InTime = DecideDate <= DecisionDue,
    };

    private void Require(string what, params ComplaintState[] states)
    {
        if (!states.Contains(Status))
        {
            throw new PreconditionFailedException("COMPLAINT_STATE", $"The complaint is {Status.ToString().ToLowerInvariant()}; it cannot be {what} now.");
        }
    }

    private void RequireOpen(string what)
    {
        if (!IsOpen)
        {
            throw new PreconditionFailedException("COMPLAINT_CLOSED", $"The complaint is {Status.ToString().ToLowerInvariant()}; it cannot be {what} now.");
        }
    }
}
