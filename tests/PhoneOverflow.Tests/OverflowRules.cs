using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.Overflow.V1;
using Pvi.ServiceDefaults.Authentication;
using Pvi.TestSupport;

namespace Pvi.PhoneOverflow.Tests;

/// <summary>
/// The rules of services/PhoneOverflow/README.md, through the gRPC API of the real service over real sockets,
/// once on SQLite and once on PostgreSQL (the two subclasses below).
/// </summary>
public abstract class OverflowRules : IAsyncLifetime
{
    private int _calls;

    protected OverflowService Service { get; private set; } = null!;

    protected abstract Task<OverflowService> StartServiceAsync();

    public async Task InitializeAsync() => Service = await StartServiceAsync();

    public async Task DisposeAsync() => await Service.DisposeAsync();

    // ---- the routing order ----

    [Fact]
    public async Task A_free_Roze_in_Blauw_member_on_duty_gets_the_call_first_the_longest_idle_first()
    {
        await OperatorAsync("op-rt", "RSC-RT", trained: true);
        await OnDutyAsync("ndv-a");
        Service.Time.Advance(TimeSpan.FromMinutes(1));
        await OnDutyAsync("ndv-b");

        var first = await RouteAsync("RT");
        var second = await RouteAsync("RT");

        Assert.Equal((RoutingAction.Ring, TargetKind.Member, "ndv-a"), (first.Action, first.TargetKind, first.TargetId));
        Assert.Equal((TargetKind.Member, "ndv-b"), (second.TargetKind, second.TargetId));
        Assert.Contains("Roze in Blauw member", first.Reason, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(20), first.RingTimeout.ToTimeSpan());
    }

    [Fact]
    public async Task Without_a_free_member_the_call_goes_to_the_callers_regional_RSC_with_a_free_trained_operator()
    {
        await OperatorAsync("op-am", "RSC-AM", trained: true);
        await OperatorAsync("op-rt-untrained", "RSC-RT", trained: false);
        await OperatorAsync("op-rt", "RSC-RT", trained: true);

        var decision = await RouteAsync("RT");

        Assert.Equal((RoutingAction.Ring, TargetKind.Operator, "op-rt", "RSC-RT"), (decision.Action, decision.TargetKind, decision.TargetId, decision.Rsc));
        Assert.Contains("caller's region (RT)", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Then_any_open_RSC_with_a_free_trained_operator_the_least_loaded_first()
    {
        await OperatorAsync("op-am-1", "RSC-AM", trained: true);
        await OperatorAsync("op-am-2", "RSC-AM", trained: true);
        await OperatorAsync("op-dh", "RSC-DH", trained: true);
        await OperatorAsync("op-rt-untrained", "RSC-RT", trained: false);
        var busy = await RouteAsync("AM");
        Assert.Equal("RSC-AM", busy.Rsc);

        // RSC-RT has no free trained operator; RSC-AM has one call, RSC-DH none.
        var decision = await RouteAsync("RT");

        Assert.Equal(("op-dh", "RSC-DH"), (decision.TargetId, decision.Rsc));
        Assert.Contains("least loaded", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Then_any_open_RSC_with_a_free_operator_when_no_trained_one_is_free()
    {
        await OperatorAsync("op-am-untrained", "RSC-AM", trained: false);

        var decision = await RouteAsync("RT");

        Assert.Equal(("op-am-untrained", "RSC-AM"), (decision.TargetId, decision.Rsc));
        Assert.Contains("no trained operator free", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_nobody_free_the_call_waits_in_the_queue_with_its_place_and_an_estimated_wait()
    {
        await OperatorAsync("op-rt", "RSC-RT", trained: true);
        await RouteAsync("RT");

        var second = await RouteAsync("RT");
        var third = await RouteAsync("RT");

        Assert.Equal((RoutingAction.Queue, 1), (second.Action, second.QueuePosition));
        Assert.Equal((RoutingAction.Queue, 2), (third.Action, third.QueuePosition));
        // Six minutes of handling per caller ahead, one operator signed in.
        Assert.Equal(TimeSpan.FromMinutes(12), third.EstimatedWait.ToTimeSpan());
    }

    [Fact]
    public async Task After_the_longest_allowed_wait_a_queued_call_goes_to_voicemail()
    {
        var queued = await RouteAsync("RT");
        Assert.Equal(RoutingAction.Queue, queued.Action);

        Service.Time.Advance(TimeSpan.FromMinutes(4));
        await Service.SweepAsync();
        Assert.Equal(CallStatus.Queued, (await GetAsync(queued.CallId)).Status);

        Service.Time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.UntilAsync(async () => (await GetAsync(queued.CallId)).Status == CallStatus.Voicemail, TimeSpan.FromSeconds(30), () => "the call went to voicemail");
        var call = await GetAsync(queued.CallId);
        Assert.Equal(RoutingAction.Voicemail, call.Decision.Action);
        Assert.Equal(["queue", "voicemail"], call.History.Select(h => h.Action));
    }

    [Fact]
    public async Task A_target_not_answering_in_time_is_not_rung_again_and_the_call_keeps_its_place_in_the_queue()
    {
        var first = await RouteAsync("RT");
        Service.Time.Advance(TimeSpan.FromSeconds(5));
        var second = await RouteAsync("RT");
        await OperatorAsync("op-rt", "RSC-RT", trained: true);
        Assert.Equal(("op-rt", CallStatus.Ringing), ((await GetAsync(first.CallId)).Decision.TargetId, (await GetAsync(first.CallId)).Status));

        Service.Time.Advance(TimeSpan.FromSeconds(20));
        await Eventually.UntilAsync(async () => (await GetAsync(second.CallId)).Status == CallStatus.Ringing, TimeSpan.FromSeconds(30), () => "the second call rings at the operator");

        var firstNow = await GetAsync(first.CallId);
        Assert.Equal(CallStatus.Queued, firstNow.Status);
        Assert.Equal(1, firstNow.Decision.QueuePosition);
        Assert.Equal("ring-timeout", firstNow.History.Single(h => h.Action == "ring").Result);
        await OperatorAsync("op-rt-2", "RSC-RT", trained: true);
        Assert.Equal("op-rt-2", (await GetAsync(first.CallId)).Decision.TargetId);
    }

    [Fact]
    public async Task A_reported_ring_timeout_moves_the_call_on_at_once()
    {
        await OperatorAsync("op-rt", "RSC-RT", trained: true);
        await OperatorAsync("op-am", "RSC-AM", trained: true);
        var decision = await RouteAsync("RT");

        var call = await Service.Platform.ReportCallEventAsync(new ReportCallEventRequest { CallId = decision.CallId, Kind = CallEventKind.RingTimeout });

        Assert.Equal((CallStatus.Ringing, "op-am"), (call.Status, call.Decision.TargetId));
        Assert.Equal(["ring-timeout", "ringing"], call.History.Select(h => h.Result));
    }

    [Fact]
    public async Task Never_to_a_closed_RSC_a_signed_out_operator_or_one_already_on_a_call()
    {
        // 23:30 in Amsterdam on a Tuesday: RSC-NN (08:00-22:00) is closed, RSC-RT is open.
        Service.Time.SetUtcNow(new DateTimeOffset(2026, 5, 12, 21, 30, 0, TimeSpan.Zero));
        await OperatorAsync("op-nn", "RSC-NN", trained: true);
        await OperatorAsync("op-rt-out", "RSC-RT", trained: true);
        await Service.Client(People.Operator("op-rt-out", "RSC-RT")).SignOutAsync(new SignOutRequest());
        await OperatorAsync("op-rt-busy", "RSC-RT", trained: true);
        var busy = await RouteAsync("RT");
        Assert.Equal("op-rt-busy", busy.TargetId);

        var decision = await RouteAsync("NN");

        Assert.Equal(RoutingAction.Queue, decision.Action);
        var rscs = (await Service.Platform.ListRegionalServiceCentresAsync(new ListRegionalServiceCentresRequest())).RegionalServiceCentres;
        Assert.False(rscs.Single(r => r.Code == "RSC-NN").OpenNow);
        Assert.True(rscs.Single(r => r.Code == "RSC-RT").OpenNow);
    }

    [Fact]
    public async Task A_closed_date_of_an_RSC_closes_it_all_day()
    {
        await OperatorAsync("op-nn", "RSC-NN", trained: true);
        await Service.Client(People.Coordinator).UpdateRegionalServiceCentreAsync(new UpdateRegionalServiceCentreRequest
        {
            Rsc = new RegionalServiceCentre { Code = "RSC-NN", Exceptions = { new OpeningException { Date = "2026-05-12", Closed = true } } },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "exceptions" } },
        });

        Assert.Equal(RoutingAction.Queue, (await RouteAsync("NN")).Action);
        Service.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal("op-nn", (await RouteAsync("NN")).TargetId);
    }

    [Fact]
    public async Task An_RSC_closed_by_an_edit_on_another_replica_takes_no_call_on_this_one_at_once()
    {
        await OperatorAsync("op-nn", "RSC-NN", trained: true);
        var first = await RouteAsync("NN");
        Assert.Equal("op-nn", first.TargetId);
        await ReportAsync(first.CallId, CallEventKind.Abandoned);

        // This replica has routed with RSC-NN's hours; the other closes it for today.
        await using var other = await Service.StartReplicaAsync();
        await other.Client(People.Coordinator).UpdateRegionalServiceCentreAsync(new UpdateRegionalServiceCentreRequest
        {
            Rsc = new RegionalServiceCentre { Code = "RSC-NN", Exceptions = { new OpeningException { Date = "2026-05-12", Closed = true } } },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "exceptions" } },
        });

        Assert.Equal(RoutingAction.Queue, (await RouteAsync("NN")).Action);
    }

    [Fact]
    public async Task Two_calls_routed_at_the_same_instant_never_get_the_same_free_operator()
    {
        for (var i = 0; i < 5; i++)
        {
            await OperatorAsync($"op-{i}", i % 2 == 0 ? "RSC-RT" : "RSC-AM", trained: i < 3);
        }

        var decisions = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() =>
            Service.Platform.RouteCallAsync(new RouteCallRequest { CallId = $"parallel-{i}", CallerRegion = "RT" }).ResponseAsync)));

        var rung = decisions.Where(d => d.Action == RoutingAction.Ring).ToList();
        Assert.Equal(5, rung.Count);
        Assert.Equal(5, rung.Select(d => d.TargetId).Distinct().Count());
        Assert.Equal(25, decisions.Count(d => d.Action == RoutingAction.Queue));
        var operators = (await Service.Client(People.Coordinator).ListOperatorsAsync(new ListOperatorsRequest())).Operators;
        Assert.All(operators, o => Assert.NotEmpty(o.CurrentCallId));
        Assert.Equal(5, operators.Select(o => o.CurrentCallId).Distinct().Count());
    }

    [Fact]
    public async Task Sixty_four_calls_at_once_for_one_free_operator_ring_it_once_and_queue_the_rest_without_an_abort()
    {
        await OperatorAsync("op-rt", "RSC-RT", trained: true);

        // Every call gets a decision: they queue for the routing decision instead of losing the race at commit.
        var decisions = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() =>
            Service.Platform.RouteCallAsync(new RouteCallRequest { CallId = $"rush-{i}", CallerRegion = "RT" }).ResponseAsync)));

        var rung = Assert.Single(decisions, d => d.Action == RoutingAction.Ring);
        Assert.Equal("op-rt", rung.TargetId);
        Assert.Equal(63, decisions.Count(d => d.Action == RoutingAction.Queue));
        var op = Assert.Single((await Service.Client(People.Coordinator).ListOperatorsAsync(new ListOperatorsRequest())).Operators);
        Assert.Equal(rung.CallId, op.CurrentCallId);
        Assert.All(decisions.Where(d => d.Action == RoutingAction.Queue), d => Assert.True(d.QueuePosition > 0));
    }

    [Fact]
    public async Task Asking_again_for_the_same_call_returns_the_same_decision()
    {
        await OperatorAsync("op-rt", "RSC-RT", trained: true);
        var request = new RouteCallRequest { CallId = "call-twice", CallerRegion = "RT", CallerNumber = "+31612345678" };

        var first = await Service.Platform.RouteCallAsync(request);
        var steps = await Service.StepCountAsync();
        var again = await Service.Platform.RouteCallAsync(request);

        Assert.Equal(first, again);
        Assert.Equal(steps, await Service.StepCountAsync());
        request.CallerRegion = "AM";
        await RpcAssert.FailsAsync(StatusCode.AlreadyExists, () => Service.Platform.RouteCallAsync(request).ResponseAsync);
    }

    // ---- the call's life ----

    [Fact]
    public async Task An_answered_call_completes_with_its_outcome_and_frees_the_operator_for_the_queue()
    {
        await OperatorAsync("op-rt", "RSC-RT", trained: true);
        var operatorClient = Service.Client(People.Operator("op-rt", "RSC-RT"));
        var first = await RouteAsync("RT");
        var waiting = await RouteAsync("RT");

        await Service.Platform.ReportCallEventAsync(new ReportCallEventRequest { CallId = first.CallId, Kind = CallEventKind.Answered });
        Service.Time.Advance(TimeSpan.FromMinutes(4));
        await Service.Platform.ReportCallEventAsync(new ReportCallEventRequest { CallId = first.CallId, Kind = CallEventKind.Completed });
        var recorded = await operatorClient.RecordCallOutcomeAsync(new RecordCallOutcomeRequest { CallId = first.CallId, Outcome = CallOutcome.ReferredToAdv, Note = "referred to the ADV of the region" });

        Assert.Equal((CallStatus.Completed, CallOutcome.ReferredToAdv, "op-rt"), (recorded.Status, recorded.Outcome, recorded.AnsweredById));
        Assert.Equal(CallStatus.Ringing, (await GetAsync(waiting.CallId)).Status);
        Assert.Equal("op-rt", (await GetAsync(waiting.CallId)).Decision.TargetId);
    }

    [Fact]
    public async Task Reports_out_of_order_are_refused_and_change_nothing()
    {
        await OperatorAsync("op-rt", "RSC-RT", trained: true);
        var decision = await RouteAsync("RT");
        var steps = await Service.StepCountAsync();

        await RpcAssert.FailsAsync(StatusCode.NotFound, () => Service.Platform.ReportCallEventAsync(new ReportCallEventRequest { CallId = "never-routed", Kind = CallEventKind.Answered }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Service.Platform.ReportCallEventAsync(new ReportCallEventRequest { CallId = decision.CallId, Kind = CallEventKind.Completed }).ResponseAsync);
        await Service.Platform.ReportCallEventAsync(new ReportCallEventRequest { CallId = decision.CallId, Kind = CallEventKind.Answered });
        await Service.Platform.ReportCallEventAsync(new ReportCallEventRequest { CallId = decision.CallId, Kind = CallEventKind.Completed });
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Service.Platform.ReportCallEventAsync(new ReportCallEventRequest { CallId = decision.CallId, Kind = CallEventKind.Completed }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Service.Platform.ReportCallEventAsync(new ReportCallEventRequest { CallId = decision.CallId, Kind = CallEventKind.Abandoned }).ResponseAsync);

        var call = await GetAsync(decision.CallId);
        Assert.Equal(CallStatus.Completed, call.Status);
        Assert.Equal(steps, await Service.StepCountAsync());
    }

    [Fact]
    public async Task Every_step_of_a_call_is_announced_in_order_and_never_with_the_callers_number()
    {
        await OperatorAsync("op-rt", "RSC-RT", trained: true);
        var decision = await Service.Platform.RouteCallAsync(new RouteCallRequest { CallId = "announced", CallerRegion = "RT", CallerNumber = "+31612345678" });
        await ReportAsync(decision.CallId, CallEventKind.Answered);
        await ReportAsync(decision.CallId, CallEventKind.Completed);

        var events = await Service.DbAsync(db => db.Set<Pvi.IntegrationEvents.Model.OutboxMessage>()
            .Where(m => m.Subject == "announced").OrderBy(m => m.Sequence).Select(m => new { m.Topic, m.CloudEvent }).ToListAsync());

        Assert.Equal(["overflow.call-routed", "overflow.call-forwarded", "overflow.call-answered", "overflow.call-completed"], events.Select(e => e.Topic));
        Assert.All(events, e => Assert.DoesNotContain("612345678", e.CloudEvent, StringComparison.Ordinal));
    }

    // ---- Roze in Blauw duty ----

    [Fact]
    public async Task Only_Roze_in_Blauw_members_with_consent_go_on_duty_and_withdrawn_consent_takes_them_off_at_once()
    {
        await Service.MemberChangedAsync("ndv-other", rozeInBlauw: false);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Service.Client(People.Member("ndv-other")).GoOnDutyAsync(new GoOnDutyRequest()).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Service.Client(People.Member("ndv-unknown")).GoOnDutyAsync(new GoOnDutyRequest()).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Service.Client(People.Operator("op-rt", "RSC-RT")).GoOnDutyAsync(new GoOnDutyRequest()).ResponseAsync);

        await OnDutyAsync("ndv-a");
        Assert.Equal("ndv-a", (await RouteAsync("RT")).TargetId);

        await Service.MemberChangedAsync("ndv-a", consent: false);

        var roster = (await Service.Client(People.Coordinator).ListDutyRosterAsync(new ListDutyRosterRequest())).Members;
        Assert.Empty(roster);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Service.Client(People.Member("ndv-a")).GoOnDutyAsync(new GoOnDutyRequest()).ResponseAsync);
        Assert.Equal(RoutingAction.Queue, (await RouteAsync("RT")).Action);
    }

    // ---- authorization ----

    [Fact]
    public async Task An_operator_sees_only_their_own_RSCs_calls_and_stream()
    {
        await OperatorAsync("op-rt", "RSC-RT", trained: true);
        await OperatorAsync("op-am", "RSC-AM", trained: true);
        var toRotterdam = await RouteAsync("RT");
        var amsterdam = Service.Client(People.Operator("op-am", "RSC-AM"));

        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => amsterdam.GetCallAsync(new GetCallRequest { CallId = toRotterdam.CallId }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => amsterdam.GetCallAsync(new GetCallRequest { CallId = "does-not-exist" }).ResponseAsync);
        using var stream = amsterdam.WatchForwardedCalls(new WatchForwardedCallsRequest { Rsc = "RSC-RT" });
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => stream.ResponseStream.MoveNext(CancellationToken.None));
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => amsterdam.ListOperatorsAsync(new ListOperatorsRequest { Rsc = "RSC-RT" }).ResponseAsync);
        Assert.Equal(["op-am"], (await amsterdam.ListOperatorsAsync(new ListOperatorsRequest())).Operators.Select(o => o.Id));
    }

    [Fact]
    public async Task Only_the_telephony_platform_routes_calls_and_reports_on_them()
    {
        await OperatorAsync("op-rt", "RSC-RT", trained: true);
        var decision = await RouteAsync("RT");
        foreach (var user in new[] { People.Operator("op-rt", "RSC-RT"), People.Coordinator, People.Member("ndv-a") })
        {
            var client = Service.Client(user);
            await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => client.RouteCallAsync(new RouteCallRequest { CallId = "not-allowed" }).ResponseAsync);
            await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => client.ReportCallEventAsync(new ReportCallEventRequest { CallId = decision.CallId, Kind = CallEventKind.Answered }).ResponseAsync);
        }

        var employee = Service.Client(new SuiteUser { Id = "employee", Name = "employee", Roles = [Roles.Employee] });
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => employee.GetCallAsync(new GetCallRequest { CallId = decision.CallId }).ResponseAsync);
    }

    [Fact]
    public async Task The_callers_number_is_masked_for_everyone_but_the_handling_operator()
    {
        await OperatorAsync("op-rt", "RSC-RT", trained: true);
        await OperatorAsync("op-rt-2", "RSC-RT", trained: true);
        var decision = await Service.Platform.RouteCallAsync(new RouteCallRequest { CallId = "masked", CallerRegion = "RT", CallerNumber = "+31612345678" });
        var handler = decision.TargetId;
        var colleague = handler == "op-rt" ? "op-rt-2" : "op-rt";

        Assert.Equal("+31612345678", (await Service.Client(People.Operator(handler, "RSC-RT")).GetCallAsync(new GetCallRequest { CallId = "masked" })).CallerNumber);
        Assert.Equal("*********678", (await Service.Client(People.Operator(colleague, "RSC-RT")).GetCallAsync(new GetCallRequest { CallId = "masked" })).CallerNumber);
        Assert.Equal("*********678", (await Service.Platform.GetCallAsync(new GetCallRequest { CallId = "masked" })).CallerNumber);
        Assert.Equal("*********678", (await Service.Client(People.Coordinator).GetCallAsync(new GetCallRequest { CallId = "masked" })).CallerNumber);
    }

    // ---- the live stream ----

    [Fact]
    public async Task An_operator_sees_calls_forwarded_to_the_RSC_live_and_resumes_without_losing_one()
    {
        await OperatorAsync("op-rt-1", "RSC-RT", trained: true);
        var watcher = Service.Client(People.Operator("op-rt-1", "RSC-RT"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using (var stream = watcher.WatchForwardedCalls(new WatchForwardedCallsRequest { Rsc = "RSC-RT" }, cancellationToken: cancel.Token))
        {
            await stream.ResponseHeadersAsync; // the stream has fixed where it starts
            var first = await RouteAsync("RT");

            Assert.True(await stream.ResponseStream.MoveNext(cancel.Token));
            var received = stream.ResponseStream.Current;
            Assert.Equal((first.CallId, "op-rt-1", 1L), (received.CallId, received.OperatorId, received.Position));
            Assert.Contains("caller's region", received.Reason, StringComparison.Ordinal);
        }

        // While nobody watches, two more calls are forwarded.
        await OperatorAsync("op-rt-2", "RSC-RT", trained: true);
        await OperatorAsync("op-rt-3", "RSC-RT", trained: true);
        var missed = new[] { await RouteAsync("RT"), await RouteAsync("RT") };

        using var resumed = watcher.WatchForwardedCalls(new WatchForwardedCallsRequest { Rsc = "RSC-RT", AfterPosition = 1 }, cancellationToken: cancel.Token);
        var replayed = new List<ForwardedCall>();
        while (replayed.Count < 2 && await resumed.ResponseStream.MoveNext(cancel.Token))
        {
            replayed.Add(resumed.ResponseStream.Current);
        }

        Assert.Equal(missed.Select(m => m.CallId), replayed.Select(r => r.CallId));
        Assert.Equal([2L, 3L], replayed.Select(r => r.Position));
    }

    // ---- bad input ----

    [Fact]
    public async Task Impossible_opening_hours_and_unknown_units_get_every_field_violation_and_change_nothing()
    {
        var coordinator = Service.Client(People.Coordinator);
        var before = (await coordinator.ListRegionalServiceCentresAsync(new ListRegionalServiceCentresRequest())).RegionalServiceCentres.Count;

        var error = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => coordinator.RegisterRegionalServiceCentreAsync(new RegisterRegionalServiceCentreRequest
        {
            Rsc = new RegionalServiceCentre
            {
                Code = "rsc lower",
                Unit = "XX",
                ServedUnits = { "YY" },
                Hours = { new DailyHours { Weekday = 8, OpensMinute = 600, ClosesMinute = 540 } },
                Exceptions = { new OpeningException { Date = "31-12-2026" } },
            },
        }).ResponseAsync);

        Assert.Equal(
            ["rsc.code", "rsc.name", "rsc.unit", "rsc.served_units[0]", "rsc.hours[0].weekday", "rsc.hours[0].closes_minute", "rsc.exceptions[0].date"],
            RpcAssert.Violations(error));
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => coordinator.UpdateRegionalServiceCentreAsync(new UpdateRegionalServiceCentreRequest
        {
            Rsc = new RegionalServiceCentre { Code = "RSC-XX", Name = "Nowhere" },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "name" } },
        }).ResponseAsync);
        var route = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Service.Platform.RouteCallAsync(new RouteCallRequest { CallId = "bad id!", CallerRegion = "XX", CallerNumber = "call me" }).ResponseAsync);
        Assert.Equal(["call_id", "caller_number", "caller_region"], RpcAssert.Violations(route));
        Assert.Equal(before, (await coordinator.ListRegionalServiceCentresAsync(new ListRegionalServiceCentresRequest())).RegionalServiceCentres.Count);
        Assert.Equal(0, await Service.StepCountAsync());
    }

    // ---- figures ----

    [Fact]
    public async Task Figures_give_the_capacity_analysis_per_hour_and_per_RSC()
    {
        await OperatorAsync("op-rt", "RSC-RT", trained: true);
        await OnDutyAsync("ndv-a");
        var toMember = await RouteAsync("RT");
        var toRsc = await RouteAsync("RT");
        var queued = await RouteAsync("RT");
        var abandoned = await RouteAsync("RT");
        Service.Time.Advance(TimeSpan.FromSeconds(5));
        await ReportAsync(toMember.CallId, CallEventKind.Answered);
        Service.Time.Advance(TimeSpan.FromSeconds(10));
        await ReportAsync(toRsc.CallId, CallEventKind.Answered);
        await ReportAsync(abandoned.CallId, CallEventKind.Abandoned);
        Service.Time.Advance(TimeSpan.FromMinutes(4));
        await ReportAsync(toRsc.CallId, CallEventKind.Completed);
        Assert.Equal(CallStatus.Ringing, (await GetAsync(queued.CallId)).Status);
        await ReportAsync(queued.CallId, CallEventKind.Answered);
        Service.Time.Advance(TimeSpan.FromMinutes(5));
        await ReportAsync(queued.CallId, CallEventKind.Completed);
        await ReportAsync(toMember.CallId, CallEventKind.Completed);

        var figures = await Service.Client(People.Coordinator).GetOverflowFiguresAsync(new GetOverflowFiguresRequest());

        Assert.Equal((4, 1, 2, 1), (figures.Calls, figures.AnsweredByMembers, figures.AnsweredByRscs, figures.Abandoned));
        // Answered after 5 s, 15 s and 4 min 15 s: two of three within 20 s.
        Assert.Equal(2.0 / 3, figures.ServiceLevel, 6);
        Assert.Equal(TimeSpan.FromSeconds(255), figures.LongestWait.ToTimeSpan());
        var hour = Assert.Single(figures.PerHour);
        Assert.Equal((2, 11, 4), (hour.Weekday, hour.Hour, hour.Calls));
        var rotterdam = figures.Rscs.Single(r => r.Rsc == "RSC-RT");
        Assert.Equal((2, 1, 2, 4.5), (rotterdam.Answered, rotterdam.PeakConcurrent, rotterdam.BusiestHourCalls, rotterdam.MeanHandleMinutes));
        // Erlang C: 2 calls an hour of 4.5 min: one operator answers 86 % within 20 s.
        Assert.Equal(1, rotterdam.OperatorsNeeded);
        Assert.Equal(0, figures.ArrivedWhileAllClosed);
    }

    [Fact]
    public void Erlang_C_gives_the_operators_a_service_level_needs()
    {
        // 100 calls an hour of 3 minutes (5 erlang): 7 operators answer 74 % within 20 s, 8 answer 88 %.
        Assert.Equal(8, Routing.ErlangC.AgentsNeeded(100, TimeSpan.FromMinutes(3), 0.8, TimeSpan.FromSeconds(20)));
        Assert.Equal(0.740, Routing.ErlangC.ServiceLevel(7, 5, TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(20)), 3);
        Assert.Equal(0, Routing.ErlangC.AgentsNeeded(0, TimeSpan.FromMinutes(3), 0.8, TimeSpan.FromSeconds(20)));
    }

    // ---- helpers ----

    protected async Task OperatorAsync(string id, string rsc, bool trained, bool signIn = true)
    {
        await Service.Client(People.Coordinator).SetOperatorTrainingAsync(new SetOperatorTrainingRequest { OperatorId = id, Rsc = rsc, Name = $"Operator {id}", LgbtiqTrained = trained });
        if (signIn)
        {
            await Service.Client(People.Operator(id, rsc)).SignInAsync(new SignInRequest());
        }
    }

    protected async Task OnDutyAsync(string memberId)
    {
        await Service.MemberChangedAsync(memberId);
        await Service.Client(People.Member(memberId)).GoOnDutyAsync(new GoOnDutyRequest());
    }

    protected async Task<RoutingDecision> RouteAsync(string region) =>
        await Service.Platform.RouteCallAsync(new RouteCallRequest { CallId = $"call-{Interlocked.Increment(ref _calls):D3}", CallerRegion = region, CallerNumber = "+31201234567" });

    protected async Task ReportAsync(string callId, CallEventKind kind) =>
        await Service.Platform.ReportCallEventAsync(new ReportCallEventRequest { CallId = callId, Kind = kind });

    protected async Task<Call> GetAsync(string callId) => await Service.Platform.GetCallAsync(new GetCallRequest { CallId = callId });
}

public sealed class OverflowRulesOnSqlite : OverflowRules
{
    protected override Task<OverflowService> StartServiceAsync() => OverflowService.StartAsync(ServiceUnderTest<Program>.Sqlite, null);
}

[Collection(PostgresCollection.Name)]
public sealed class OverflowRulesOnPostgres(PostgresServer postgres) : OverflowRules
{
    protected override Task<OverflowService> StartServiceAsync() => OverflowService.StartAsync(ServiceUnderTest<Program>.Postgres, postgres);
}
