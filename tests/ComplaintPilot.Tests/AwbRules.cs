using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.Complaints.V1;
using Pvi.ServiceDefaults.Authentication;
using Pvi.TestSupport;

namespace Pvi.ComplaintPilot.Tests;

/// <summary>
/// The rules of services/ComplaintPilot/README.md (Awb chapter 9 and the pilot), through the gRPC API of the
/// real service over real sockets, once on SQLite and once on PostgreSQL.
/// </summary>
public abstract class AwbRules : IAsyncLifetime
{
    private int _requests;

    protected ComplaintService Service { get; private set; } = null!;

    protected ComplaintPilotService.ComplaintPilotServiceClient Handler => Service.Client(People.Handler());

    protected ComplaintPilotService.ComplaintPilotServiceClient Coordinator => Service.Client(People.Coordinator());

    protected abstract Task<ComplaintService> StartServiceAsync();

    public async Task InitializeAsync() => Service = await StartServiceAsync();

    public async Task DisposeAsync() => await Service.DisposeAsync();

    [Fact]
    public async Task Acknowledgement_of_receipt_in_writing_is_recorded_Awb_9_6()
    {
        var complaint = await RegisterAsync();
        Assert.Equal(ComplaintStatus.Received, complaint.Status);

        var acknowledged = await Handler.AcknowledgeReceiptAsync(new AcknowledgeReceiptRequest { Id = complaint.Id, SentDate = "2026-05-12" });

        Assert.Equal((ComplaintStatus.PhaseOne, "2026-05-12"), (acknowledged.Status, acknowledged.AcknowledgeDate));
        Assert.Contains(acknowledged.History, h => h.Kind == "acknowledged" && h.Detail.Contains("9:6", StringComparison.Ordinal));
        Assert.Equal(["complaints.registered", "complaints.acknowledged"], await Service.OutboxTopicsAsync(complaint.Id));
    }

    [Fact]
    public async Task A_decline_only_on_a_ground_of_Awb_9_8_and_only_within_four_weeks_of_receipt()
    {
        var late = await RegisterAsync();
        var inTime = await RegisterAsync();

        var noGround = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Handler.DeclineComplaintAsync(new DeclineComplaintRequest { Id = late.Id, Explanation = "x" }).ResponseAsync);
        Assert.Equal(["ground"], RpcAssert.Violations(noGround));

        Service.Time.Advance(TimeSpan.FromDays(28));
        var declined = await Handler.DeclineComplaintAsync(new DeclineComplaintRequest { Id = inTime.Id, Ground = DeclineGround.OlderThanOneYear, Explanation = "The conduct took place more than a year ago." });
        Assert.Equal((ComplaintStatus.Declined, DeclineGround.OlderThanOneYear), (declined.Status, declined.DeclineGround));

        Service.Time.Advance(TimeSpan.FromDays(1));
        var error = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Handler.DeclineComplaintAsync(new DeclineComplaintRequest { Id = late.Id, Ground = DeclineGround.AlreadyHandled, Explanation = "x" }).ResponseAsync);
        Assert.Contains("4 weeks", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(ComplaintStatus.Received, (await Handler.GetComplaintAsync(new GetComplaintRequest { Id = late.Id })).Status);
    }

    [Fact]
    public async Task The_decision_is_due_six_weeks_after_receipt_and_ten_when_the_committee_advises_Awb_9_11()
    {
        var complaint = await RegisterAsync(receiveDate: "2026-05-01");
        Assert.Equal(("2026-05-29", "2026-06-12"), (complaint.Deadlines.DeclineBy, complaint.Deadlines.DecisionDue));

        await ToPhaseTwoAsync(complaint.Id);
        var referred = await Handler.ReferToCommitteeAsync(new ReferToCommitteeRequest { Id = complaint.Id });

        Assert.Equal((ComplaintStatus.WithCommittee, "2026-07-10"), (referred.Status, referred.Deadlines.DecisionDue));
    }

    [Fact]
    public async Task One_extension_of_at_most_four_weeks_with_notice_and_then_only_with_written_consent_Awb_9_11()
    {
        var complaint = await RegisterAsync(receiveDate: "2026-05-01");
        var tooLong = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Handler.ExtendDeadlineAsync(new ExtendDeadlineRequest { Id = complaint.Id, Weeks = 5, NoticeDate = "2026-05-12" }).ResponseAsync);
        Assert.Equal(["weeks"], RpcAssert.Violations(tooLong));
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Handler.RecordConsentToDelayAsync(new RecordConsentToDelayRequest { Id = complaint.Id, DueDate = "2026-08-01", ConsentDate = "2026-05-12" }).ResponseAsync);

        var extended = await Handler.ExtendDeadlineAsync(new ExtendDeadlineRequest { Id = complaint.Id, Weeks = 4, NoticeDate = "2026-05-12" });
        Assert.Equal(("2026-07-10", true), (extended.Deadlines.DecisionDue, extended.Deadlines.Extended));

        var twice = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Handler.ExtendDeadlineAsync(new ExtendDeadlineRequest { Id = complaint.Id, Weeks = 1, NoticeDate = "2026-05-12" }).ResponseAsync);
        Assert.Contains("written consent", twice.Status.Detail, StringComparison.Ordinal);
        var consented = await Handler.RecordConsentToDelayAsync(new RecordConsentToDelayRequest { Id = complaint.Id, DueDate = "2026-08-14", ConsentDate = "2026-05-12" });
        Assert.Equal(("2026-08-14", true), (consented.Deadlines.DecisionDue, consented.Deadlines.ConsentedDelay));
    }

    [Fact]
    public async Task A_warning_comes_before_the_decision_deadline_and_an_event_when_it_is_missed_Awb_9_11()
    {
        var complaint = await RegisterAsync(); // received 12 May: decision due 23 June
        Service.Time.Advance(TimeSpan.FromDays(34)); // 15 June: 8 days left
        await Service.CheckDeadlinesAsync();
        Assert.DoesNotContain("complaints.deadline-warning", await Service.OutboxTopicsAsync(complaint.Id));

        Service.Time.Advance(TimeSpan.FromDays(1)); // 16 June: 7 days left
        await Eventually.UntilAsync(async () => (await Service.OutboxTopicsAsync(complaint.Id)).Contains("complaints.deadline-warning"), TimeSpan.FromSeconds(30), () => "the warning by the clock");
        Service.Time.Advance(TimeSpan.FromDays(8)); // 24 June: one day late
        await Eventually.UntilAsync(async () => (await Service.OutboxTopicsAsync(complaint.Id)).Contains("complaints.deadline-missed"), TimeSpan.FromSeconds(30), () => "the missed deadline by the clock");
        await Service.CheckDeadlinesAsync();

        Assert.Equal(["complaints.registered", "complaints.deadline-warning", "complaints.deadline-missed"], await Service.OutboxTopicsAsync(complaint.Id));
        var listed = await Handler.ListComplaintsAsync(new ListComplaintsRequest { Overdue = true });
        Assert.Equal(complaint.Id, Assert.Single(listed.Complaints).Id);
        Assert.True(listed.Complaints[0].Deadlines.Overdue);
    }

    [Fact]
    public async Task The_handler_was_not_involved_in_the_conduct_Awb_9_7()
    {
        var complaint = await RegisterAsync(category: "conduct", officers: [("officer-7", "AM-CEN")]);

        var error = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Coordinator.AssignHandlerAsync(new AssignHandlerRequest { Id = complaint.Id, HandlerId = "officer-7", HandlerTeam = "AM-ZUI" }).ResponseAsync);

        Assert.Contains("9:7", error.Status.Detail, StringComparison.Ordinal);
        // Outside the pilot a colleague of the same team may handle it.
        var assigned = await Coordinator.AssignHandlerAsync(new AssignHandlerRequest { Id = complaint.Id, HandlerId = "handler-1", HandlerTeam = "AM-CEN" });
        Assert.Equal("handler-1", assigned.HandlerId);
    }

    [Fact]
    public async Task In_a_pilot_case_the_handler_is_not_from_the_team_of_an_involved_officer_Awb_9_7()
    {
        var complaint = await RegisterAsync(officers: [("officer-7", "AM-CEN")]);
        Assert.True(complaint.PilotCase);

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Coordinator.AssignHandlerAsync(new AssignHandlerRequest { Id = complaint.Id, HandlerId = "handler-1", HandlerTeam = "AM-CEN" }).ResponseAsync);
        Assert.Empty((await Handler.GetComplaintAsync(new GetComplaintRequest { Id = complaint.Id })).HandlerId);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Handler.AssignHandlerAsync(new AssignHandlerRequest { Id = complaint.Id, HandlerId = "handler-1", HandlerTeam = "AM-ZUI" }).ResponseAsync);
        Assert.Equal("AM-ZUI", (await Coordinator.AssignHandlerAsync(new AssignHandlerRequest { Id = complaint.Id, HandlerId = "handler-1", HandlerTeam = "AM-ZUI" })).HandlerTeam);
    }

    [Fact]
    public async Task A_decision_needs_a_hearing_offered_or_an_exception_of_Awb_9_10_2()
    {
        var complaint = await RegisterAsync(category: "conduct");
        await AssignAsync(complaint.Id);
        await ToPhaseTwoAsync(complaint.Id);

        var error = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Handler.DecideComplaintAsync(Decision(complaint.Id)).ResponseAsync);
        Assert.Contains("9:10(2)", error.Status.Detail, StringComparison.Ordinal);

        await Handler.RecordHearingAsync(new RecordHearingRequest { Id = complaint.Id, Action = HearingAction.ExceptionClearlyUnfounded });
        Assert.Equal(ComplaintStatus.Decided, (await Handler.DecideComplaintAsync(Decision(complaint.Id))).Status);
    }

    [Fact]
    public async Task A_pilot_decision_needs_the_officers_reason_for_the_selection_and_flags_an_unexplained_one()
    {
        var complaint = await RegisterAsync();
        await AssignAsync(complaint.Id);
        await ToPhaseTwoAsync(complaint.Id);
        await Handler.RecordHearingAsync(new RecordHearingRequest { Id = complaint.Id, Action = HearingAction.Held, Report = "Both heard on 20 May." });

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Handler.DecideComplaintAsync(Decision(complaint.Id)).ResponseAsync);
        var recorded = await Handler.RecordSelectionReasonAsync(new RecordSelectionReasonRequest { Id = complaint.Id, Reason = "Vehicle matched a description", Explained = false });
        Assert.Equal((true, false), (recorded.SelectionRecorded, recorded.SelectionExplained));
        Assert.Contains(recorded.History, h => h.Kind == "selection-reason" && h.Detail.Contains("flagged", StringComparison.Ordinal));

        Assert.Equal(ComplaintStatus.Decided, (await Handler.DecideComplaintAsync(Decision(complaint.Id))).Status);
    }

    [Fact]
    public async Task The_decision_is_reasoned_and_names_the_Nationale_ombudsman_and_the_one_year_period_Awb_9_12()
    {
        var complaint = await RegisterAsync(category: "conduct");
        await AssignAsync(complaint.Id);
        await ToPhaseTwoAsync(complaint.Id);
        await Handler.RecordHearingAsync(new RecordHearingRequest { Id = complaint.Id, Action = HearingAction.Offered });
        Service.Time.Advance(TimeSpan.FromDays(20));

        var decided = await Handler.DecideComplaintAsync(new DecideComplaintRequest { Id = complaint.Id, Outcome = Outcome.PartlyUpheld, Reasons = "The stop was lawful; the manner was not." });

        Assert.Equal((Outcome.PartlyUpheld, "2026-06-01", false), (decided.Outcome, decided.DecideDate, decided.Deadlines.Overdue));
        Assert.Contains("gedeeltelijk gegrond", decided.DecisionText, StringComparison.Ordinal);
        Assert.Contains("The stop was lawful; the manner was not.", decided.DecisionText, StringComparison.Ordinal);
        Assert.Contains("Nationale ombudsman", decided.DecisionText, StringComparison.Ordinal);
        Assert.Contains("binnen een jaar", decided.DecisionText, StringComparison.Ordinal);
        Assert.Equal("complaints.decided", (await Service.OutboxTopicsAsync(complaint.Id))[^1]);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Handler.DecideComplaintAsync(new DecideComplaintRequest { Id = complaint.Id, Outcome = Outcome.Resolved, Reasons = "x" }).ResponseAsync);
    }

    [Fact]
    public async Task Phase_one_ends_resolved_to_satisfaction_only_with_the_written_confirmation_Awb_9_5()
    {
        var complaint = await RegisterAsync(category: "conduct");
        await Handler.AcknowledgeReceiptAsync(new AcknowledgeReceiptRequest { Id = complaint.Id });

        var noConfirmation = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Handler.RecordPhaseOneOutcomeAsync(new RecordPhaseOneOutcomeRequest { Id = complaint.Id, Resolved = true }).ResponseAsync);
        Assert.Equal(["confirmation"], RpcAssert.Violations(noConfirmation));
        var resolved = await Handler.RecordPhaseOneOutcomeAsync(new RecordPhaseOneOutcomeRequest { Id = complaint.Id, Resolved = true, Confirmation = "E-mail of the complainant of 14 May 2026" });

        Assert.Equal((ComplaintStatus.Resolved, Outcome.Resolved), (resolved.Status, resolved.Outcome));
        Assert.Equal("complaints.resolved", (await Service.OutboxTopicsAsync(complaint.Id))[^1]);
    }

    // ---- personal data and authorization ----

    [Fact]
    public async Task The_complainant_is_shown_only_to_the_units_handler_coordinator_and_committee_and_every_read_is_logged()
    {
        var complaint = await RegisterAsync();
        Assert.Null(complaint.Complainant); // not in the registration's answer

        foreach (var reader in new[] { People.Handler(), People.Coordinator(), People.Committee() })
        {
            Assert.Equal("Samira Bakker", (await Service.Client(reader).GetComplaintAsync(new GetComplaintRequest { Id = complaint.Id })).Complainant.Name);
        }

        var log = await Service.DbAsync(db => db.ComplainantAccess.Where(a => a.ComplaintId == complaint.Id).OrderBy(a => a.Id).Select(a => a.ReaderId).ToListAsync());
        Assert.Equal(["handler-1", "coordinator-AM", "committee-AM"], log);
        Assert.All((await Handler.ListComplaintsAsync(new ListComplaintsRequest())).Complaints, c => Assert.Null(c.Complainant));

        foreach (var other in new[] { People.Handler("RT", "handler-rt", "RT-NOO"), People.Other(Roles.UnitManagement), People.Other(Roles.PilotEvaluator), People.Other(Roles.NationalManagement) })
        {
            await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Service.Client(other).GetComplaintAsync(new GetComplaintRequest { Id = complaint.Id }).ResponseAsync);
        }
    }

    [Fact]
    public async Task The_complainants_details_are_erased_after_the_retention_period_and_the_figures_stay()
    {
        var complaint = await RegisterAsync(category: "conduct");
        await Handler.DeclineComplaintAsync(new DeclineComplaintRequest { Id = complaint.Id, Ground = DeclineGround.ClearlyTooSmall, Explanation = "Too small." });
        var figuresBefore = await Coordinator.GetComplaintFiguresAsync(new GetComplaintFiguresRequest { Year = 2026, Quarter = 2 });

        Service.Time.Advance(TimeSpan.FromDays(395));
        Assert.Equal(0, await Service.EraseAsync());
        Assert.Equal("Samira Bakker", (await Handler.GetComplaintAsync(new GetComplaintRequest { Id = complaint.Id })).Complainant.Name);
        Service.Time.Advance(TimeSpan.FromDays(1));
        await Eventually.UntilAsync(async () => (await Handler.GetComplaintAsync(new GetComplaintRequest { Id = complaint.Id })).Complainant is null, TimeSpan.FromSeconds(30), () => "the details are erased by the clock");

        var erased = await Handler.GetComplaintAsync(new GetComplaintRequest { Id = complaint.Id });
        Assert.Equal(ComplaintStatus.Declined, erased.Status);
        Assert.Contains(erased.History, h => h.Kind == "complainant-erased");
        Assert.Equal(figuresBefore.Units.Single().Received, (await Coordinator.GetComplaintFiguresAsync(new GetComplaintFiguresRequest { Year = 2026, Quarter = 2 })).Units.Single().Received);
        Assert.Equal(0, await Service.DbAsync(db => db.Complaints.CountAsync(c => c.ComplainantName != null || c.ComplainantEmail != null || c.ComplainantPhone != null)));
    }

    [Fact]
    public async Task Another_unit_gets_permission_denied_before_not_found()
    {
        var complaint = await RegisterAsync();
        var rotterdam = Service.Client(People.Handler("RT", "handler-rt", "RT-NOO"));

        var existing = await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => rotterdam.GetComplaintAsync(new GetComplaintRequest { Id = complaint.Id }).ResponseAsync);
        var missing = await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => rotterdam.GetComplaintAsync(new GetComplaintRequest { Id = Guid.CreateVersion7().ToString() }).ResponseAsync);
        Assert.Equal(existing.Status.Detail, missing.Status.Detail);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => rotterdam.AcknowledgeReceiptAsync(new AcknowledgeReceiptRequest { Id = complaint.Id }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => rotterdam.ListComplaintsAsync(new ListComplaintsRequest { Unit = "AM" }).ResponseAsync);
        Assert.Empty((await rotterdam.ListComplaintsAsync(new ListComplaintsRequest())).Complaints);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => rotterdam.RegisterComplaintAsync(Registration("AM")).ResponseAsync);
        // The committee records its hearing, but does not decide.
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Service.Client(People.Committee()).DecideComplaintAsync(Decision(complaint.Id)).ResponseAsync);
    }

    // ---- figures ----

    [Fact]
    public async Task Figures_per_unit_and_quarter_and_the_yearly_register_Awb_9_12a_never_show_a_complainant()
    {
        var pilot = await RegisterAsync();
        await AssignAsync(pilot.Id);
        await ToPhaseTwoAsync(pilot.Id);
        await Handler.RecordHearingAsync(new RecordHearingRequest { Id = pilot.Id, Action = HearingAction.Waived });
        await Handler.RecordSelectionReasonAsync(new RecordSelectionReasonRequest { Id = pilot.Id, Reason = "No reason given", Explained = false });
        var declined = await RegisterAsync(category: "conduct");
        await Handler.DeclineComplaintAsync(new DeclineComplaintRequest { Id = declined.Id, Ground = DeclineGround.ClearlyTooSmall, Explanation = "Too small." });
        var online = Registration("AM", "conduct");
        online.Channel = Channel.Online;
        await Handler.RegisterComplaintAsync(online);
        Service.Time.Advance(TimeSpan.FromDays(20));
        await Handler.DecideComplaintAsync(Decision(pilot.Id));
        Service.Time.Advance(TimeSpan.FromDays(30));

        var figures = await Service.Client(People.Other(Roles.UnitManagement)).GetComplaintFiguresAsync(new GetComplaintFiguresRequest { Year = 2026, Quarter = 2 });

        var am = Assert.Single(figures.Units);
        Assert.Equal((3, 1, 2, 1.0, 10.0, 1, 1), (am.Received, am.PilotCases, am.Closed, am.ClosedInTime, am.MeanDaysToClose, am.UnexplainedSelections, am.Overdue));
        Assert.Equal(["conduct:2", "ethnic-profiling:1"], am.ByCategory.Select(c => $"{c.Name}:{c.Count}"));
        Assert.Equal(["declined:1", "not-upheld:1"], am.ByOutcome.Select(c => $"{c.Name}:{c.Count}"));
        Assert.Equal(13, (await Service.Client(People.Other(Roles.PilotEvaluator)).GetComplaintFiguresAsync(new GetComplaintFiguresRequest { Year = 2026, Quarter = 2 })).Units.Count);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Service.Client(People.Other(Roles.UnitManagement, "RT")).GetComplaintFiguresAsync(new GetComplaintFiguresRequest { Unit = "AM", Year = 2026, Quarter = 2 }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Handler.GetComplaintFiguresAsync(new GetComplaintFiguresRequest { Year = 2026, Quarter = 2 }).ResponseAsync);

        var register = await Coordinator.GetComplaintRegisterAsync(new GetComplaintRegisterRequest { Year = 2026 });
        Assert.Equal(new[] { pilot.Id, declined.Id }.Order(), register.Entries.Select(e => e.ComplaintId).Order());
        Assert.DoesNotContain("Samira", register.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Samira", figures.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_embedded_default_shows_fictional_complaints_in_several_states()
    {
        await using var demo = await ComplaintService.StartAsync(ServiceUnderTest<Program>.Sqlite, null, seedDemo: true);

        var amsterdam = (await demo.Client(People.Handler()).ListComplaintsAsync(new ListComplaintsRequest())).Complaints;
        var rotterdam = (await demo.Client(People.Handler("RT", "handler-rt", "RT-NOO")).ListComplaintsAsync(new ListComplaintsRequest())).Complaints;

        Assert.Equal(["DECIDED", "DECIDED", "RESOLVED"], amsterdam.Select(c => c.Status.ToString().ToUpperInvariant()).Order());
        Assert.Equal([ComplaintStatus.PhaseTwo, ComplaintStatus.Declined], rotterdam.Select(c => c.Status).Order());
        Assert.Contains(amsterdam, c => c.PilotCase && c.SelectionRecorded && !c.SelectionExplained);
    }

    // ---- bad input ----

    [Fact]
    public async Task Bad_input_and_steps_out_of_order_get_clear_errors_and_change_nothing()
    {
        var bad = new RegisterComplaintRequest
        {
            Unit = "XX",
            ReceiveDate = "2026-05-13",
            ConductDate = "2026-05-14",
            Category = "nope",
            ConductDescription = new string('x', 5001),
        };
        var error = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Handler.RegisterComplaintAsync(bad).ResponseAsync);
        Assert.Equal(["unit", "receive_date", "channel", "complainant.name", "conduct_date", "conduct_description", "officers", "category"], RpcAssert.Violations(error));

        var complaint = await RegisterAsync(category: "conduct");
        var before = await Service.RowsAsync();
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Handler.DecideComplaintAsync(Decision(complaint.Id)).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Handler.ReferToCommitteeAsync(new ReferToCommitteeRequest { Id = complaint.Id }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Handler.AcknowledgeReceiptAsync(new AcknowledgeReceiptRequest { Id = complaint.Id, SentDate = "2026-06-01" }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Handler.GetComplaintAsync(new GetComplaintRequest { Id = "not-an-id" }).ResponseAsync);
        Assert.Equal(before, await Service.RowsAsync());
        Assert.Equal(ComplaintStatus.Received, (await Handler.GetComplaintAsync(new GetComplaintRequest { Id = complaint.Id })).Status);
    }

    [Fact]
    public async Task Registering_again_with_the_same_request_id_returns_the_same_complaint()
    {
        var request = Registration("AM");
        request.RequestId = "letter-2026-117";

        var first = await Handler.RegisterComplaintAsync(request);
        var again = await Handler.RegisterComplaintAsync(request);

        Assert.Equal(first.Id, again.Id);
        request.ConductDescription = "Something else";
        await RpcAssert.FailsAsync(StatusCode.AlreadyExists, () => Handler.RegisterComplaintAsync(request).ResponseAsync);
    }

    // ---- helpers ----

    protected async Task<Complaint> RegisterAsync(string category = "ethnic-profiling", string receiveDate = "2026-05-12", (string Id, string Team)[]? officers = null)
    {
        var request = Registration("AM", category, receiveDate, officers);
        request.RequestId = $"r-{Interlocked.Increment(ref _requests)}";
        return await Handler.RegisterComplaintAsync(request);
    }

    protected static RegisterComplaintRequest Registration(string unit, string category = "ethnic-profiling", string receiveDate = "2026-05-12", (string Id, string Team)[]? officers = null)
    {
        var request = new RegisterComplaintRequest
        {
            Unit = unit,
            ReceiveDate = receiveDate,
            Channel = Channel.Written,
            Complainant = new Complainant { Name = "Samira Bakker", Email = "s.bakker@example.nl", Phone = "+31612345678" },
            ConductDate = "2026-04-30",
            ConductDescription = "Stopped while cycling home; asked for identification without a reason given.",
            Category = category,
        };
        request.Officers.Add((officers ?? [("officer-7", "AM-CEN")]).Select(o => new InvolvedOfficer { OfficerId = o.Id, Team = o.Team }));
        return request;
    }

    protected async Task AssignAsync(string id) =>
        await Coordinator.AssignHandlerAsync(new AssignHandlerRequest { Id = id, HandlerId = "handler-1", HandlerTeam = "AM-ZUI" });

    protected async Task ToPhaseTwoAsync(string id)
    {
        await Handler.AcknowledgeReceiptAsync(new AcknowledgeReceiptRequest { Id = id });
        await Handler.RecordPhaseOneOutcomeAsync(new RecordPhaseOneOutcomeRequest { Id = id, Resolved = false });
    }

    protected static DecideComplaintRequest Decision(string id) => new() { Id = id, Outcome = Outcome.NotUpheld, Reasons = "The check followed a description of a suspect." };
}

public sealed class AwbRulesOnSqlite : AwbRules
{
    protected override Task<ComplaintService> StartServiceAsync() => ComplaintService.StartAsync(ServiceUnderTest<Program>.Sqlite, null);
}

[Collection(PostgresCollection.Name)]
public sealed class AwbRulesOnPostgres(PostgresServer postgres) : AwbRules
{
    protected override Task<ComplaintService> StartServiceAsync() => ComplaintService.StartAsync(ServiceUnderTest<Program>.Postgres, postgres);
}
