using Pvi.ComplaintPilot.Handling;
using Pvi.Complaints.V1;
using Pvi.ServiceDefaults.Errors;
using Model = Pvi.ComplaintPilot.Model;

namespace Pvi.ComplaintPilot.Tests;

/// <summary>
/// The Awb procedure of services/ComplaintPilot/README.md as the complaint's own steps, without a
/// host: each step taken in order changes the complaint and says what happened (its history line
/// and event); a step out of order or against a rule is refused and changes nothing.
/// </summary>
public sealed class ComplaintProcedureTests
{
    private static readonly DateOnly Received = new(2026, 3, 2);

    private static Model.Complaint NewComplaint(bool pilotCase = true)
    {
        var complaint = new Model.Complaint
        {
            Id = "c-1",
            Fingerprint = "f",
            RegisteredBy = "handler",
            Unit = "AM",
            ReceiveDate = Received,
            ConductDescription = "Stopped without a reason.",
            Category = "ethnic-profiling",
            PilotCase = pilotCase,
            Status = Model.ComplaintState.Received,
            Officers = [new Model.InvolvedOfficer { OfficerId = "officer-7", Team = "AM-CEN" }],
        };
        complaint.DecisionDue = AwbDeadlines.DecisionDue(complaint);
        return complaint;
    }

    private static Model.Complaint InPhaseTwo(bool pilotCase = true)
    {
        var complaint = NewComplaint(pilotCase);
        complaint.Acknowledge(Received.AddDays(2));
        complaint.RecordPhaseOneOutcome(resolved: false, string.Empty, Received.AddDays(10));
        return complaint;
    }

    private static Model.ComplaintRegistration Registration(string unit, bool ethnicProfiling) => new(
        unit, Received, 1, "A. Jansen", null, null, null, Received.AddDays(-3), "Stopped without a reason.",
        [new Model.InvolvedOfficer { OfficerId = "officer-7", Team = "AM-CEN" }],
        new Model.ComplaintCategory { Code = ethnicProfiling ? "ethnic-profiling" : "rudeness", Name = "x", EthnicProfiling = ethnicProfiling });

    [Theory]
    [InlineData("AM", true, true)]
    [InlineData("AM", false, false)]
    [InlineData("NN", true, false)]
    public void A_complaint_is_a_pilot_case_only_when_it_is_about_ethnic_profiling_in_a_pilot_unit(string unit, bool ethnicProfiling, bool pilotCase)
    {
        var (complaint, step) = Model.Complaint.Register(Registration(unit, ethnicProfiling), ["AM", "RT"], "handler", new("r-1", "f"), new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc));

        Assert.Equal(pilotCase, complaint.PilotCase);
        Assert.Equal(pilotCase, complaint.NdvRequestPending);
        Assert.Equal(Model.ComplaintState.Received, complaint.Status);
        Assert.Equal("registered", step.Kind);
        Assert.Equal(pilotCase, Assert.IsType<ComplaintRegistered>(step.Event).PilotCase);
    }

    [Fact]
    public void A_registered_complaint_is_due_for_decision_six_weeks_after_receipt()
    {
        var (complaint, step) = Model.Complaint.Register(Registration("NN", ethnicProfiling: false), ["AM"], "handler", new(null, "f"), new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc));

        Assert.Equal(Received.AddDays(AwbDeadlines.DecisionWeeks * 7), complaint.DecisionDue);
        Assert.Equal("2026-03-02", Assert.IsType<ComplaintRegistered>(step.Event).ReceiveDate);
    }

    [Fact]
    public void Acknowledging_receipt_starts_phase_one_and_announces_it()
    {
        var complaint = NewComplaint();

        var step = complaint.Acknowledge(Received.AddDays(3));

        Assert.Equal(Model.ComplaintState.PhaseOne, complaint.Status);
        Assert.Equal("acknowledged", step.Kind);
        var announced = Assert.IsType<ComplaintAcknowledged>(step.Event);
        Assert.Equal("2026-03-05", announced.AcknowledgeDate);
    }

    [Fact]
    public void An_acknowledgement_dated_before_receipt_is_refused_and_changes_nothing()
    {
        var complaint = NewComplaint();

        var refused = Assert.Throws<PreconditionFailedException>(() => complaint.Acknowledge(Received.AddDays(-1)));

        Assert.Equal("BEFORE_RECEIPT", refused.Reason);
        Assert.Equal(Model.ComplaintState.Received, complaint.Status);
        Assert.Null(complaint.AcknowledgeDate);
    }

    [Fact]
    public void The_decision_is_due_six_weeks_after_receipt_and_ten_with_the_committee()
    {
        var complaint = InPhaseTwo();
        Assert.Equal(Received.AddDays(42), complaint.DecisionDue);

        complaint.ReferToCommittee();

        Assert.Equal(Received.AddDays(70), complaint.DecisionDue);
    }

    [Fact]
    public void A_decline_only_within_four_weeks_of_receipt()
    {
        var late = NewComplaint();
        var refused = Assert.Throws<PreconditionFailedException>(() => late.Decline(DeclineGround.OlderThanOneYear, "The conduct was more than a year before.", Received.AddDays(29)));
        Assert.Equal("DECLINE_TOO_LATE", refused.Reason);
        Assert.Equal(Model.ComplaintState.Received, late.Status);

        var inTime = NewComplaint();
        var step = inTime.Decline(DeclineGround.OlderThanOneYear, "The conduct was more than a year before.", Received.AddDays(28));
        Assert.Equal(Model.ComplaintState.Declined, inTime.Status);
        Assert.True(Assert.IsType<ComplaintDecided>(step.Event).InTime);
    }

    [Fact]
    public void One_extension_of_the_deadline_then_a_delay_only_with_written_consent()
    {
        var complaint = InPhaseTwo();
        Assert.Equal("NOT_EXTENDED", Assert.Throws<PreconditionFailedException>(() => complaint.RecordConsentToDelay(Received.AddDays(90), Received.AddDays(20))).Reason);

        complaint.Extend(4, Received.AddDays(20));
        Assert.Equal(Received.AddDays(70), complaint.DecisionDue);
        Assert.Equal("ALREADY_EXTENDED", Assert.Throws<PreconditionFailedException>(() => complaint.Extend(1, Received.AddDays(21))).Reason);

        complaint.RecordConsentToDelay(Received.AddDays(90), Received.AddDays(60));
        Assert.Equal(Received.AddDays(90), complaint.DecisionDue);
    }

    [Fact]
    public void An_involved_officer_never_handles_the_complaint_and_in_the_pilot_nobody_of_their_team()
    {
        var pilot = NewComplaint(pilotCase: true);
        Assert.Equal("HANDLER_INVOLVED", Assert.Throws<PreconditionFailedException>(() => pilot.AssignHandler("officer-7", "AM-ZUI")).Reason);
        Assert.Equal("HANDLER_TEAM_INVOLVED", Assert.Throws<PreconditionFailedException>(() => pilot.AssignHandler("handler-2", "AM-CEN")).Reason);
        Assert.Null(pilot.HandlerId);

        var notPilot = NewComplaint(pilotCase: false);
        notPilot.AssignHandler("handler-2", "AM-CEN");
        Assert.Equal("handler-2", notPilot.HandlerId);
    }

    [Fact]
    public void No_decision_without_a_handler_a_hearing_and_in_the_pilot_the_selection_reason()
    {
        var complaint = InPhaseTwo();
        Assert.Equal("NO_HANDLER", Decide(complaint));
        complaint.AssignHandler("handler-2", "AM-ZUI");
        Assert.Equal("NO_HEARING", Decide(complaint));
        complaint.RecordHearing(HearingAction.Held, "Both heard.");
        Assert.Equal("NO_SELECTION_REASON", Decide(complaint));
        complaint.RecordSelectionReason("No reason could be given.", explained: false);

        var step = complaint.Decide(Outcome.Upheld, "The stop had no objective ground.", Received.AddDays(30));

        Assert.Equal(Model.ComplaintState.Decided, complaint.Status);
        Assert.Contains("Nationale ombudsman", complaint.DecisionText, StringComparison.Ordinal);
        Assert.Contains("binnen een jaar", complaint.DecisionText, StringComparison.Ordinal);
        Assert.Equal("upheld", Assert.IsType<ComplaintDecided>(step.Event).Outcome);

        static string Decide(Model.Complaint complaint) =>
            Assert.Throws<PreconditionFailedException>(() => complaint.Decide(Outcome.Upheld, "Reasons.", Received.AddDays(30))).Reason;
    }

    [Fact]
    public void A_closed_complaint_takes_no_more_steps_but_its_lessons_may_still_be_recorded()
    {
        var complaint = NewComplaint();
        complaint.Acknowledge(Received.AddDays(1));
        complaint.RecordPhaseOneOutcome(resolved: true, "Confirmed in writing by the complainant.", Received.AddDays(5));
        Assert.Equal(Model.ComplaintState.Resolved, complaint.Status);

        Assert.Equal("COMPLAINT_CLOSED", Assert.Throws<PreconditionFailedException>(() => complaint.Extend(2, Received.AddDays(6))).Reason);
        Assert.Equal("COMPLAINT_STATE", Assert.Throws<PreconditionFailedException>(() => complaint.Decide(Outcome.NotUpheld, "Reasons.", Received.AddDays(6))).Reason);
        Assert.Equal("lessons-learned", complaint.RecordLessonsLearned("Explain stops.").Kind);
        Assert.False(complaint.IsOverdue(Received.AddDays(100)));
    }
}
