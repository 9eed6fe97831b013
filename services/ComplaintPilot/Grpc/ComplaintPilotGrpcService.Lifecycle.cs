using Grpc.Core;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ComplaintPilot.Handling;
using Pvi.Complaints.V1;
using Pvi.ServiceData;
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
        return ActAsync(context, request.Id, (_, complaint) => complaint.Acknowledge(sent));
    }

    public override Task<Complaint> AssignHandler(AssignHandlerRequest request, ServerCallContext context)
    {
        DemandRole(context, coordinatorOnly: true);
        var violations = new FieldViolations();
        violations.Required("handler_id", request.HandlerId).MaxLength("handler_id", request.HandlerId, Model.ComplaintLimits.PersonId);
        violations.Required("handler_team", request.HandlerTeam).MaxLength("handler_team", request.HandlerTeam, Model.ComplaintLimits.Team);
        violations.ThrowIfAny();
        return ActAsync(context, request.Id, (caller, complaint) =>
        {
            caller.Demand(caller.IsCoordinatorOf(complaint.Unit));
            return complaint.AssignHandler(request.HandlerId, request.HandlerTeam);
        });
    }

    public override Task<Complaint> DeclineComplaint(DeclineComplaintRequest request, ServerCallContext context)
    {
        DemandRole(context);
        var violations = new FieldViolations();
        violations.Defined("ground", request.Ground);
        violations.Required("explanation", request.Explanation).MaxLength("explanation", request.Explanation, Model.ComplaintLimits.Explanation);
        violations.ThrowIfAny();
        return ActAsync(context, request.Id, (_, complaint) => complaint.Decline(request.Ground, request.Explanation, deadlines.Today));
    }

    public override Task<Complaint> RecordPhaseOneOutcome(RecordPhaseOneOutcomeRequest request, ServerCallContext context)
    {
        DemandRole(context);
        var violations = new FieldViolations();
        if (request.Resolved)
        {
            violations.Required("confirmation", request.Confirmation);
        }

        violations.MaxLength("confirmation", request.Confirmation, Model.ComplaintLimits.Explanation);
        violations.ThrowIfAny();
        return ActAsync(context, request.Id, (_, complaint) => complaint.RecordPhaseOneOutcome(request.Resolved, request.Confirmation, deadlines.Today));
    }

    public override Task<Complaint> ReferToCommittee(ReferToCommitteeRequest request, ServerCallContext context) =>
        ActAsync(context, request.Id, (_, complaint) => complaint.ReferToCommittee());

    public override Task<Complaint> RecordHearing(RecordHearingRequest request, ServerCallContext context)
    {
        DemandRole(context, committeeMayAct: true);
        var violations = new FieldViolations();
        violations.Defined("action", request.Action);
        if (request.Action == HearingAction.Held)
        {
            violations.Required("report", request.Report);
        }

        violations.MaxLength("report", request.Report, Model.ComplaintLimits.Report);
        violations.ThrowIfAny();
        return ActAsync(context, request.Id, (_, complaint) => complaint.RecordHearing(request.Action, request.Report), committeeMayAct: true);
    }

    public override Task<Complaint> ExtendDeadline(ExtendDeadlineRequest request, ServerCallContext context)
    {
        DemandRole(context);
        var violations = new FieldViolations();
        violations.Range("weeks", request.Weeks, 1, AwbDeadlines.MaxExtensionWeeks);
        var notice = violations.Date("notice_date", request.NoticeDate, required: true);
        violations.ThrowIfAny();
        return ActAsync(context, request.Id, (_, complaint) => complaint.Extend(request.Weeks, notice!.Value));
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
        return ActAsync(context, request.Id, (_, complaint) => complaint.RecordConsentToDelay(due!.Value, consent!.Value));
    }

    public override Task<Complaint> RecordSelectionReason(RecordSelectionReasonRequest request, ServerCallContext context)
    {
        DemandRole(context);
        var violations = new FieldViolations();
        violations.Required("reason", request.Reason).MaxLength("reason", request.Reason, Model.ComplaintLimits.Explanation);
        violations.ThrowIfAny();
        return ActAsync(context, request.Id, (_, complaint) => complaint.RecordSelectionReason(request.Reason, request.Explained));
    }

    public override Task<Complaint> RecordLessonsLearned(RecordLessonsLearnedRequest request, ServerCallContext context)
    {
        DemandRole(context);
        var violations = new FieldViolations();
        violations.Required("lessons", request.Lessons).MaxLength("lessons", request.Lessons, Model.ComplaintLimits.LessonsLearned);
        violations.ThrowIfAny();
        return ActAsync(context, request.Id, (_, complaint) => complaint.RecordLessonsLearned(request.Lessons));
    }

    public override Task<Complaint> DecideComplaint(DecideComplaintRequest request, ServerCallContext context)
    {
        DemandRole(context);
        var violations = new FieldViolations();
        if (request.Outcome is not (Outcome.Upheld or Outcome.PartlyUpheld or Outcome.NotUpheld))
        {
            violations.Add("outcome", "must be OUTCOME_UPHELD, OUTCOME_PARTLY_UPHELD or OUTCOME_NOT_UPHELD");
        }

        violations.Required("reasons", request.Reasons).MaxLength("reasons", request.Reasons, Model.ComplaintLimits.Report);
        violations.ThrowIfAny();
        return ActAsync(context, request.Id, (_, complaint) => complaint.Decide(request.Outcome, request.Reasons, deadlines.Today));
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
    private async Task<Complaint> ActAsync(ServerCallContext context, string id, Func<ComplaintCaller, Model.Complaint, Model.ComplaintStep> step, bool committeeMayAct = false)
    {
        DemandRole(context, committeeMayAct);
        var caller = ComplaintCaller.From(context);
        var complaint = await db.RunAsync(async ct =>
        {
            var complaint = await VisibleAsync(caller, id, tracked: true, ct);
            caller.Demand(caller.IsStaffOf(complaint.Unit) || (committeeMayAct && caller.IsCommitteeOf(complaint.Unit)));
            var done = step(caller, complaint);
            Record(complaint, done.Kind, caller.Id, done.Detail);
            done.AnnounceTo(outbox, complaint.Id);

            complaint.Version++;
            await db.SaveChangesAsync(ct);
            return complaint;
        }, context.CancellationToken);
        return await ViewAsync(caller, complaint, context.CancellationToken, withComplainant: false);
    }
}
