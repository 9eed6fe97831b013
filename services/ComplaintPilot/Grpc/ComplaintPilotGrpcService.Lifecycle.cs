using Grpc.Core;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ComplaintPilot.Handling;
using Pvi.Complaints.V1;
using Pvi.ServiceDefaults.Data;
using Pvi.ServiceDefaults.Errors;
using Model = Pvi.ComplaintPilot.Model;

namespace Pvi.ComplaintPilot.Grpc;

public sealed partial class ComplaintPilotGrpcService
{
    public override Task<Complaint> AcknowledgeReceipt(AcknowledgeReceiptRequest request, ServerCallContext context)
    {
        DemandRole(context);
        var violations = new FieldViolations();
        var sent = violations.Date("sent_date", request.SentDate, required: false) ?? deadlines.Today;
        if (sent > deadlines.Today)
        {
            violations.Add("sent_date", "must not be in the future");
        }

        violations.ThrowIfAny();
        return ActAsync(context, request.Id, (caller, complaint) =>
        {
            Require(complaint, "acknowledged", Model.ComplaintState.Received);
            if (sent < complaint.ReceiveDate)
            {
                throw new PreconditionFailedException("BEFORE_RECEIPT", "The acknowledgement cannot be sent before the complaint was received.");
            }

            complaint.AcknowledgeDate = sent;
            complaint.Status = Model.ComplaintState.PhaseOne;
            Record(complaint, "acknowledged", caller.Id, $"written acknowledgement sent {Format(sent)} (Awb 9:6)");
            outbox.Enqueue(complaint.Id, new ComplaintAcknowledged { ComplaintId = complaint.Id, Unit = complaint.Unit, AcknowledgeDate = Format(sent) });
        });
    }

    public override Task<Complaint> AssignHandler(AssignHandlerRequest request, ServerCallContext context)
    {
        DemandRole(context, coordinatorOnly: true);
        var violations = new FieldViolations();
        violations.Required("handler_id", request.HandlerId).MaxLength("handler_id", request.HandlerId, 200);
        violations.Required("handler_team", request.HandlerTeam).MaxLength("handler_team", request.HandlerTeam, 32);
        violations.ThrowIfAny();
        return ActAsync(context, request.Id, (caller, complaint) =>
        {
            caller.Demand(caller.IsCoordinatorOf(complaint.Unit));
            RequireOpen(complaint, "assigned");
            // Awb 9:7: not someone involved in the conduct; in the pilot not from an involved officer's team either.
            if (complaint.Officers.Any(o => o.OfficerId == request.HandlerId))
            {
                throw new PreconditionFailedException("HANDLER_INVOLVED", "The handler was involved in the conduct complained about (Awb 9:7).");
            }

            if (complaint.PilotCase && complaint.Officers.Any(o => o.Team == request.HandlerTeam))
            {
                throw new PreconditionFailedException("HANDLER_TEAM_INVOLVED", "In the pilot the handler may not be from the team of an officer involved.");
            }

            complaint.HandlerId = request.HandlerId;
            complaint.HandlerTeam = request.HandlerTeam;
            Record(complaint, "assigned", caller.Id, request.HandlerId);
            outbox.Enqueue(complaint.Id, new ComplaintAssigned { ComplaintId = complaint.Id, Unit = complaint.Unit, HandlerId = request.HandlerId });
        });
    }

    public override Task<Complaint> DeclineComplaint(DeclineComplaintRequest request, ServerCallContext context)
    {
        DemandRole(context);
        var violations = new FieldViolations();
        violations.Defined("ground", request.Ground);
        violations.Required("explanation", request.Explanation).MaxLength("explanation", request.Explanation, 2000);
        violations.ThrowIfAny();
        return ActAsync(context, request.Id, (caller, complaint) =>
        {
            Require(complaint, "declined", Model.ComplaintState.Received, Model.ComplaintState.PhaseOne);
            var today = deadlines.Today;
            if (today > AwbDeadlines.DeclineBy(complaint))
            {
                throw new PreconditionFailedException("DECLINE_TOO_LATE", $"A complaint can be declined only within {AwbDeadlines.DeclineWeeks} weeks of receipt (Awb 9:8), until {Format(AwbDeadlines.DeclineBy(complaint))}.");
            }

            complaint.Status = Model.ComplaintState.Declined;
            complaint.DeclineGround = (int)request.Ground;
            complaint.DecisionReasons = request.Explanation.Trim();
            complaint.DecideDate = today;
            Record(complaint, "declined", caller.Id, $"{request.Ground} (Awb 9:8)");
            outbox.Enqueue(complaint.Id, Decided(complaint, "declined"));
        });
    }

    public override Task<Complaint> RecordPhaseOneOutcome(RecordPhaseOneOutcomeRequest request, ServerCallContext context)
    {
        DemandRole(context);
        var violations = new FieldViolations();
        if (request.Resolved)
        {
            violations.Required("confirmation", request.Confirmation);
        }

        violations.MaxLength("confirmation", request.Confirmation, 2000);
        violations.ThrowIfAny();
        return ActAsync(context, request.Id, (caller, complaint) =>
        {
            Require(complaint, "moved on from phase 1", Model.ComplaintState.PhaseOne);
            if (!request.Resolved)
            {
                complaint.Status = Model.ComplaintState.PhaseTwo;
                Record(complaint, "phase-two", caller.Id, null);
                return;
            }

            var today = deadlines.Today;
            complaint.Status = Model.ComplaintState.Resolved;
            complaint.Outcome = (int)Outcome.Resolved;
            complaint.DecideDate = today;
            complaint.DecisionReasons = request.Confirmation.Trim();
            Record(complaint, "resolved", caller.Id, "resolved to the complainant's satisfaction, confirmed in writing (Awb 9:5)");
            outbox.Enqueue(complaint.Id, new ComplaintResolved { ComplaintId = complaint.Id, Unit = complaint.Unit, ResolveDate = Format(today) });
        });
    }

    public override Task<Complaint> ReferToCommittee(ReferToCommitteeRequest request, ServerCallContext context) =>
        ActAsync(context, request.Id, (caller, complaint) =>
        {
            Require(complaint, "referred to the committee", Model.ComplaintState.PhaseTwo);
            complaint.Status = Model.ComplaintState.WithCommittee;
            complaint.WithCommitteeAdvice = true;
            complaint.DecisionDue = AwbDeadlines.DecisionDue(complaint);
            Record(complaint, "referred", caller.Id, $"decision now due {Format(complaint.DecisionDue)} (10 weeks, Awb 9:11)");
        });

    public override Task<Complaint> RecordHearing(RecordHearingRequest request, ServerCallContext context)
    {
        DemandRole(context, committeeMayAct: true);
        var violations = new FieldViolations();
        violations.Defined("action", request.Action);
        if (request.Action == HearingAction.Held)
        {
            violations.Required("report", request.Report);
        }

        violations.MaxLength("report", request.Report, 10000);
        violations.ThrowIfAny();
        return ActAsync(context, request.Id, (caller, complaint) =>
        {
            Require(complaint, "heard", Model.ComplaintState.PhaseOne, Model.ComplaintState.PhaseTwo, Model.ComplaintState.WithCommittee);
            complaint.Hearing = (int)request.Action;
            complaint.HearingReport = request.Action == HearingAction.Held ? request.Report.Trim() : complaint.HearingReport;
            Record(complaint, "hearing-" + request.Action.ToString().ToLowerInvariant(), caller.Id, "Awb 9:10");
        }, committeeMayAct: true);
    }

    public override Task<Complaint> ExtendDeadline(ExtendDeadlineRequest request, ServerCallContext context)
    {
        DemandRole(context);
        var violations = new FieldViolations();
        violations.Range("weeks", request.Weeks, 1, AwbDeadlines.MaxExtensionWeeks);
        var notice = violations.Date("notice_date", request.NoticeDate, required: true);
        violations.ThrowIfAny();
        return ActAsync(context, request.Id, (caller, complaint) =>
        {
            RequireOpen(complaint, "extended");
            if (complaint.ExtensionWeeks > 0)
            {
                throw new PreconditionFailedException("ALREADY_EXTENDED", "The deadline can be extended once (Awb 9:11(2)); a further delay needs the complainant's written consent.");
            }

            if (notice > complaint.DecisionDue || notice < complaint.ReceiveDate)
            {
                throw new PreconditionFailedException("NOTICE_DATE", "The written notice must be sent between receipt and the current deadline.");
            }

            complaint.ExtensionWeeks = request.Weeks;
            complaint.ExtensionNoticeDate = notice;
            complaint.DecisionDue = AwbDeadlines.DecisionDue(complaint);
            Record(complaint, "extended", caller.Id, $"{request.Weeks} week(s), notice sent {Format(notice)}; decision due {Format(complaint.DecisionDue)} (Awb 9:11(2))");
        });
    }

    public override Task<Complaint> RecordConsentToDelay(RecordConsentToDelayRequest request, ServerCallContext context)
    {
        DemandRole(context);
        var violations = new FieldViolations();
        var due = violations.Date("due_date", request.DueDate, required: true);
        var consent = violations.Date("consent_date", request.ConsentDate, required: true);
        if (consent > deadlines.Today)
        {
            violations.Add("consent_date", "must not be in the future");
        }

        violations.ThrowIfAny();
        return ActAsync(context, request.Id, (caller, complaint) =>
        {
            RequireOpen(complaint, "delayed");
            if (complaint.ExtensionWeeks == 0)
            {
                throw new PreconditionFailedException("NOT_EXTENDED", "Use the one extension first (Awb 9:11(2)); a further delay comes after it, with written consent.");
            }

            if (due <= complaint.DecisionDue)
            {
                throw new PreconditionFailedException("DUE_DATE", $"The new due date must be after the current one, {Format(complaint.DecisionDue)}.");
            }

            complaint.ConsentedDueDate = due;
            complaint.DecisionDue = AwbDeadlines.DecisionDue(complaint);
            Record(complaint, "consent-to-delay", caller.Id, $"written consent of {Format(consent)}; decision due {Format(due)} (Awb 9:11(2))");
        });
    }

    public override Task<Complaint> RecordSelectionReason(RecordSelectionReasonRequest request, ServerCallContext context)
    {
        DemandRole(context);
        var violations = new FieldViolations();
        violations.Required("reason", request.Reason).MaxLength("reason", request.Reason, 2000);
        violations.ThrowIfAny();
        return ActAsync(context, request.Id, (caller, complaint) =>
        {
            RequireOpen(complaint, "given a selection reason");
            complaint.SelectionReason = request.Reason.Trim();
            complaint.SelectionRecorded = true;
            complaint.SelectionExplained = request.Explained;
            Record(complaint, "selection-reason", caller.Id, request.Explained ? "explained" : "could not be explained (flagged)");
        });
    }

    public override Task<Complaint> RecordLessonsLearned(RecordLessonsLearnedRequest request, ServerCallContext context)
    {
        DemandRole(context);
        var violations = new FieldViolations();
        violations.Required("lessons", request.Lessons).MaxLength("lessons", request.Lessons, 5000);
        violations.ThrowIfAny();
        return ActAsync(context, request.Id, (caller, complaint) =>
        {
            complaint.LessonsLearned = request.Lessons.Trim();
            Record(complaint, "lessons-learned", caller.Id, null);
        });
    }

    public override Task<Complaint> DecideComplaint(DecideComplaintRequest request, ServerCallContext context)
    {
        DemandRole(context);
        var violations = new FieldViolations();
        if (request.Outcome is not (Outcome.Upheld or Outcome.PartlyUpheld or Outcome.NotUpheld))
        {
            violations.Add("outcome", "must be OUTCOME_UPHELD, OUTCOME_PARTLY_UPHELD or OUTCOME_NOT_UPHELD");
        }

        violations.Required("reasons", request.Reasons).MaxLength("reasons", request.Reasons, 10000);
        violations.ThrowIfAny();
        return ActAsync(context, request.Id, (caller, complaint) =>
        {
            Require(complaint, "decided", Model.ComplaintState.PhaseTwo, Model.ComplaintState.WithCommittee);
            if (complaint.HandlerId is null)
            {
                throw new PreconditionFailedException("NO_HANDLER", "A handler must be assigned before the decision (Awb 9:7).");
            }

            if (complaint.Hearing == (int)HearingAction.Unspecified)
            {
                throw new PreconditionFailedException("NO_HEARING", "Offer a hearing, or record the Awb 9:10(2) exception, before deciding.");
            }

            if (complaint.PilotCase && !complaint.SelectionRecorded)
            {
                throw new PreconditionFailedException("NO_SELECTION_REASON", "In the pilot the officer's reason for the selection is recorded before the decision.");
            }

            var today = deadlines.Today;
            complaint.Status = Model.ComplaintState.Decided;
            complaint.Outcome = (int)request.Outcome;
            complaint.DecisionReasons = request.Reasons.Trim();
            complaint.DecideDate = today;
            complaint.DecisionText = DecisionLetter.Text(complaint, request.Outcome, today);
            Record(complaint, "decided", caller.Id, $"{request.Outcome} (Awb 9:12){(today > complaint.DecisionDue ? "; after the deadline" : string.Empty)}");
            outbox.Enqueue(complaint.Id, Decided(complaint, request.Outcome switch
            {
                Outcome.Upheld => "upheld",
                Outcome.PartlyUpheld => "partly-upheld",
                _ => "not-upheld",
            }));
        });
    }

    /// <summary>
    /// The role check that does not need the complaint, made before the request is looked at, so
    /// that a caller without the role learns nothing, not even what is wrong with the request.
    /// </summary>
    private static void DemandRole(ServerCallContext context, bool committeeMayAct = false, bool coordinatorOnly = false)
    {
        var caller = ComplaintCaller.From(context);
        caller.Demand(coordinatorOnly ? caller.IsStaff && caller.Role(caller.Unit!) == Roles.ComplaintCoordinator : caller.IsStaff || (committeeMayAct && caller.IsCommittee));
    }

    /// <summary>Loads the complaint for a caller who may act on it, applies the step and saves it with its history and events.</summary>
    private async Task<Complaint> ActAsync(ServerCallContext context, string id, Action<ComplaintCaller, Model.Complaint> step, bool committeeMayAct = false)
    {
        DemandRole(context, committeeMayAct);
        var caller = ComplaintCaller.From(context);
        var complaint = await db.RunAsync(async ct =>
        {
            var complaint = await VisibleAsync(caller, id, tracked: true, ct);
            caller.Demand(caller.IsStaffOf(complaint.Unit) || (committeeMayAct && caller.IsCommitteeOf(complaint.Unit)));
            step(caller, complaint);
            complaint.Version++;
            await db.SaveChangesAsync(ct);
            return complaint;
        }, context.CancellationToken);
        return await ViewAsync(caller, complaint, context.CancellationToken, withComplainant: false);
    }

    private ComplaintDecided Decided(Model.Complaint complaint, string outcome) => new()
    {
        ComplaintId = complaint.Id,
        Unit = complaint.Unit,
        Category = complaint.Category,
        Outcome = outcome,
        DecideDate = Format(complaint.DecideDate),
        InTime = complaint.DecideDate <= complaint.DecisionDue,
    };

    private static void Require(Model.Complaint complaint, string what, params Model.ComplaintState[] states)
    {
        if (!states.Contains(complaint.Status))
        {
            throw new PreconditionFailedException("COMPLAINT_STATE", $"The complaint is {complaint.Status.ToString().ToLowerInvariant()}; it cannot be {what} now.");
        }
    }

    private static void RequireOpen(Model.Complaint complaint, string what)
    {
        if (!complaint.IsOpen)
        {
            throw new PreconditionFailedException("COMPLAINT_CLOSED", $"The complaint is {complaint.Status.ToString().ToLowerInvariant()}; it cannot be {what} now.");
        }
    }
}
