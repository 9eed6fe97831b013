using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pvi.Ndv.V1;
using Pvi.NdvMatching.Matching;
using Pvi.ServiceDefaults.Authentication;
using Pvi.TestSupport;

namespace Pvi.NdvMatching.Tests;

/// <summary>
/// The rules of services/NdvMatching/README.md, proven through the gRPC API of the real service over real
/// sockets, once on SQLite and once on PostgreSQL (the two subclasses below).
/// </summary>
public abstract class NdvRules : IAsyncLifetime
{
    protected const string Mourning = "mourning-rituals";
    protected const string Moroccan = "culture-moroccan";
    protected const string Islam = "religion-islam";
    protected const string Lgbtiq = "lgbtiq-support";

    protected NdvService Service { get; private set; } = null!;

    protected NdvMatchingService.NdvMatchingServiceClient National => Service.Client(Users.National);

    protected abstract Task<NdvService> StartServiceAsync();

    public async Task InitializeAsync() => Service = await StartServiceAsync();

    public async Task DisposeAsync() => await Service.DisposeAsync();

    // ---- consent ----

    [Fact]
    public async Task Only_members_with_recorded_consent_are_ever_matched()
    {
        await MemberAsync("ndv-a", "AM", [Mourning], consent: false);

        var request = await AskAsync("AM", [Mourning]);

        Assert.Equal(ExpertiseRequestStatus.Unmatched, request.Status);
        Assert.Empty((await National.ListOffersAsync(new ListOffersRequest { RequestId = request.Id })).Offers);

        await Service.Client(Users.Member("ndv-a")).RecordConsentAsync(new RecordConsentRequest { MemberId = "ndv-a" });
        var next = await AskAsync("AM", [Mourning]);
        Assert.Equal(ExpertiseRequestStatus.Offered, next.Status);
        Assert.Equal("ndv-a", (await PendingOfferAsync(next.Id)).MemberId);
    }

    [Fact]
    public async Task Withdrawn_consent_removes_the_member_from_every_open_offer_at_once()
    {
        await MemberAsync("ndv-a", "AM", [Mourning, Islam]);
        var first = await AskAsync("AM", [Mourning]);
        var second = await AskAsync("AM", [Islam]);
        Assert.Equal("ndv-a", (await PendingOfferAsync(first.Id)).MemberId);
        Assert.Equal("ndv-a", (await PendingOfferAsync(second.Id)).MemberId);
        await MemberAsync("ndv-b", "RT", [Mourning]);

        var member = await Service.Client(Users.Member("ndv-a")).WithdrawConsentAsync(new WithdrawConsentRequest { MemberId = "ndv-a" });

        Assert.False(member.Consent.Active);
        var offersOfA = await National.ListOffersAsync(new ListOffersRequest { MemberId = "ndv-a" });
        Assert.All(offersOfA.Offers, o => Assert.Equal(OfferStatus.Withdrawn, o.Status));
        Assert.Equal(2, offersOfA.Offers.Count);
        Assert.Equal("ndv-b", (await PendingOfferAsync(first.Id)).MemberId);
        Assert.Equal(ExpertiseRequestStatus.Unmatched, (await National.GetExpertiseRequestAsync(new GetExpertiseRequestRequest { Id = second.Id })).Status);
        Assert.Equal(ExpertiseRequestStatus.Unmatched, (await AskAsync("AM", [Islam])).Status);
    }

    // ---- budget ----

    [Fact]
    public async Task No_offer_exceeds_the_members_remaining_budget_for_the_period()
    {
        await National.SetBudgetGuidelineAsync(new SetBudgetGuidelineRequest { Scope = "national", HoursPerPeriod = 10 });
        await MemberAsync("ndv-a", "RT", [Mourning]);

        var first = await AskAsync("RT", [Mourning], hours: 6);
        var second = await AskAsync("RT", [Mourning], hours: 6);

        Assert.Equal("ndv-a", (await PendingOfferAsync(first.Id)).MemberId);
        Assert.Equal(ExpertiseRequestStatus.Unmatched, second.Status);
        var budget = await National.GetMemberBudgetAsync(new GetMemberBudgetRequest { MemberId = "ndv-a" });
        Assert.Equal(10, budget.BudgetHours);
        Assert.Equal(6, budget.ReservedHours);
        Assert.Equal(4, budget.RemainingHours);
    }

    [Fact]
    public async Task Sixty_four_requests_at_once_for_the_last_hours_of_one_member_give_one_offer_and_no_caller_an_abort()
    {
        await National.SetBudgetGuidelineAsync(new SetBudgetGuidelineRequest { Scope = "national", HoursPerPeriod = 4 });
        await MemberAsync("ndv-a", "RT", [Mourning]);
        var team = Service.Client(Users.Team("RT"));

        // Every request is answered: the decisions queue for the budget instead of losing the race at commit.
        var created = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => team.CreateExpertiseRequestAsync(Ask("RT", [Mourning], hours: 4)).ResponseAsync)));

        var offered = Assert.Single(created, r => r.Status == ExpertiseRequestStatus.Offered);
        Assert.Equal(63, created.Count(r => r.Status == ExpertiseRequestStatus.Unmatched));
        Assert.Equal("ndv-a", (await PendingOfferAsync(offered.Id)).MemberId);
        var budget = await National.GetMemberBudgetAsync(new GetMemberBudgetRequest { MemberId = "ndv-a" });
        Assert.Equal(4, budget.ReservedHours);
        Assert.Equal(0, budget.RemainingHours);
    }

    [Fact]
    public async Task Completed_hours_come_off_the_members_budget_for_the_period()
    {
        await National.SetBudgetGuidelineAsync(new SetBudgetGuidelineRequest { Scope = "national", HoursPerPeriod = 10 });
        await MemberAsync("ndv-a", "RT", [Mourning]);
        var member = Service.Client(Users.Member("ndv-a", "RT"));
        var request = await AskAsync("RT", [Mourning], hours: 6);
        var offer = await PendingOfferAsync(request.Id);

        await member.AcceptOfferAsync(new AcceptOfferRequest { Id = offer.Id });
        var completed = await member.CompleteOfferAsync(new CompleteOfferRequest { Id = offer.Id, HoursSpent = 3 });

        Assert.Equal(OfferStatus.Completed, completed.Status);
        var budget = await member.GetMemberBudgetAsync(new GetMemberBudgetRequest { MemberId = "ndv-a" });
        Assert.Equal((10.0, 3.0, 0.0, 7.0), (budget.BudgetHours, budget.UsedHours, budget.ReservedHours, budget.RemainingHours));
        // 7 hours left: a 6-hour request can be offered again, an 8-hour one cannot.
        Assert.Equal(ExpertiseRequestStatus.Unmatched, (await AskAsync("RT", [Mourning], hours: 8)).Status);
        Assert.Equal(ExpertiseRequestStatus.Offered, (await AskAsync("RT", [Mourning], hours: 6)).Status);
        // The next period starts with the full budget again.
        var nextQuarter = await member.GetMemberBudgetAsync(new GetMemberBudgetRequest
        {
            MemberId = "ndv-a",
            PeriodTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(NdvService.Start.AddMonths(3)),
        });
        Assert.Equal(0, nextQuarter.UsedHours);
    }

    [Fact]
    public async Task A_units_budget_override_takes_the_place_of_the_national_base()
    {
        await MemberAsync("ndv-a", "RT", [Mourning]);
        await MemberAsync("ndv-b", "AM", [Mourning]);
        await National.SetBudgetGuidelineAsync(new SetBudgetGuidelineRequest { Scope = "national", HoursPerPeriod = 20 });
        await Service.Client(Users.Coordinator("AM")).SetBudgetGuidelineAsync(new SetBudgetGuidelineRequest { Scope = "AM", HoursPerPeriod = 30 });

        Assert.Equal(("national", 20.0), Budget(await National.GetMemberBudgetAsync(new GetMemberBudgetRequest { MemberId = "ndv-a" })));
        Assert.Equal(("AM", 30.0), Budget(await National.GetMemberBudgetAsync(new GetMemberBudgetRequest { MemberId = "ndv-b" })));
        // A unit coordinator sets only their own unit's override, never the national base.
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Service.Client(Users.Coordinator("AM")).SetBudgetGuidelineAsync(new SetBudgetGuidelineRequest { Scope = "RT", HoursPerPeriod = 1 }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Service.Client(Users.Coordinator("AM")).SetBudgetGuidelineAsync(new SetBudgetGuidelineRequest { Scope = "national", HoursPerPeriod = 1 }).ResponseAsync);

        static (string, double) Budget(MemberBudget budget) => (budget.GuidelineScope, budget.BudgetHours);
    }

    // ---- ranking ----

    [Fact]
    public async Task Proposals_rank_by_coverage_then_same_unit_and_say_why()
    {
        await MemberAsync("ndv-cover1-same", "AM", [Mourning]);
        await MemberAsync("ndv-cover2-other", "RT", [Mourning, Moroccan]);
        await MemberAsync("ndv-cover2-same", "AM", [Mourning, Moroccan]);
        await MemberAsync("ndv-cover3-other", "LB", [Mourning, Moroccan], languages: ["ar"]);

        var request = await AskAsync("AM", [Mourning, Moroccan], languages: ["ar"]);
        var proposals = (await Service.Client(Users.Coordinator("AM")).ListProposalsAsync(new ListProposalsRequest { Id = request.Id })).Proposals;

        // The best candidate already has the offer; the proposals are who comes next.
        Assert.Equal("ndv-cover3-other", (await PendingOfferAsync(request.Id)).MemberId);
        Assert.Equal(["ndv-cover2-same", "ndv-cover2-other", "ndv-cover1-same"], proposals.Select(p => p.MemberId));
        var best = proposals[0];
        Assert.Equal(2.0 / 3, best.Coverage, 6);
        Assert.True(best.SameUnit);
        Assert.StartsWith("coverage: 2 of 3", best.Reasons[0], StringComparison.Ordinal);
        Assert.StartsWith("proximity: same unit", best.Reasons[1], StringComparison.Ordinal);
        Assert.StartsWith("fairness: never assigned", best.Reasons[2], StringComparison.Ordinal);
        Assert.StartsWith("budget: 48 h left", best.Reasons[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fairness_ranks_the_member_longest_since_an_assignment_first()
    {
        await MemberAsync("ndv-a", "AM", [Mourning]);
        await MemberAsync("ndv-b", "AM", [Mourning]);
        // ndv-a wins the tie (member id) and takes the first request.
        var first = await AskAsync("AM", [Mourning]);
        var offer = await PendingOfferAsync(first.Id);
        Assert.Equal("ndv-a", offer.MemberId);
        await Service.Client(Users.Member("ndv-a")).AcceptOfferAsync(new AcceptOfferRequest { Id = offer.Id });

        // Now ndv-b has waited longer and gets the next one.
        Service.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await AskAsync("AM", [Mourning]);

        Assert.Equal("ndv-b", (await PendingOfferAsync(second.Id)).MemberId);
    }

    // ---- offers ----

    [Fact]
    public async Task A_request_has_one_offer_at_a_time_and_a_decline_moves_to_the_next_candidate_at_once()
    {
        await MemberAsync("ndv-a", "AM", [Mourning]);
        await MemberAsync("ndv-b", "AM", [Mourning]);
        var request = await AskAsync("AM", [Mourning]);
        var first = await PendingOfferAsync(request.Id);
        Assert.Single((await National.ListOffersAsync(new ListOffersRequest { RequestId = request.Id })).Offers);

        var declined = await Service.Client(Users.Member(first.MemberId)).DeclineOfferAsync(new DeclineOfferRequest { Id = first.Id, Reason = "on leave" });

        Assert.Equal(OfferStatus.Declined, declined.Status);
        var offers = (await National.ListOffersAsync(new ListOffersRequest { RequestId = request.Id })).Offers;
        Assert.Equal(2, offers.Count);
        Assert.Single(offers, o => o.Status == OfferStatus.Pending);
        Assert.Equal("ndv-b", (await PendingOfferAsync(request.Id)).MemberId);
    }

    [Fact]
    public async Task A_member_never_receives_the_same_request_twice()
    {
        await MemberAsync("ndv-a", "AM", [Mourning]);
        await MemberAsync("ndv-b", "AM", [Mourning]);
        var request = await AskAsync("AM", [Mourning]);

        var a = await PendingOfferAsync(request.Id);
        await Service.Client(Users.Member(a.MemberId)).DeclineOfferAsync(new DeclineOfferRequest { Id = a.Id });
        var b = await PendingOfferAsync(request.Id);
        await Service.Client(Users.Member(b.MemberId)).DeclineOfferAsync(new DeclineOfferRequest { Id = b.Id });

        var offers = (await National.ListOffersAsync(new ListOffersRequest { RequestId = request.Id })).Offers;
        Assert.Equal(["ndv-a", "ndv-b"], offers.Select(o => o.MemberId).Order());
        Assert.Equal(ExpertiseRequestStatus.Unmatched, (await National.GetExpertiseRequestAsync(new GetExpertiseRequestRequest { Id = request.Id })).Status);
    }

    [Fact]
    public async Task An_unanswered_offer_expires_after_two_hours_by_itself_and_the_next_candidate_gets_it()
    {
        await MemberAsync("ndv-a", "AM", [Mourning]);
        await MemberAsync("ndv-b", "AM", [Mourning]);
        var request = await AskAsync("AM", [Mourning]);
        var first = await PendingOfferAsync(request.Id);
        Assert.Equal(NdvService.Start.AddHours(2), first.ExpireTime.ToDateTimeOffset());

        Service.Time.Advance(TimeSpan.FromMinutes(119));
        Assert.Equal(0, await ExpireNowAsync());
        Assert.Equal(first.Id, (await PendingOfferAsync(request.Id)).Id);

        Service.Time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.UntilAsync(async () => (await PendingOfferAsync(request.Id, allowNone: true))?.MemberId == "ndv-b", TimeSpan.FromSeconds(30), () => "the offer moved on");
        var expired = (await National.ListOffersAsync(new ListOffersRequest { RequestId = request.Id, Status = OfferStatus.Expired })).Offers;
        Assert.Equal(first.Id, Assert.Single(expired).Id);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Service.Client(Users.Member("ndv-a")).AcceptOfferAsync(new AcceptOfferRequest { Id = first.Id }).ResponseAsync);
    }

    [Fact]
    public async Task An_urgent_offer_expires_after_fifteen_minutes()
    {
        await MemberAsync("ndv-a", "AM", [Mourning]);
        var request = await AskAsync("AM", [Mourning], urgency: Urgency.Urgent);
        var offer = await PendingOfferAsync(request.Id);
        Assert.Equal(NdvService.Start.AddMinutes(15), offer.ExpireTime.ToDateTimeOffset());

        Service.Time.Advance(TimeSpan.FromMinutes(15));
        // Accepting after the expiry is refused even before the sweep ran, and the request moves on.
        var error = await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Service.Client(Users.Member("ndv-a")).AcceptOfferAsync(new AcceptOfferRequest { Id = offer.Id }).ResponseAsync);

        Assert.Contains("expired", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(ExpertiseRequestStatus.Unmatched, (await National.GetExpertiseRequestAsync(new GetExpertiseRequestRequest { Id = request.Id })).Status);
    }

    [Fact]
    public async Task Nobody_eligible_makes_the_request_unmatched_and_an_event_tells_the_national_coordinator()
    {
        var request = await AskAsync("AM", [Mourning]);

        Assert.Equal(ExpertiseRequestStatus.Unmatched, request.Status);
        Assert.Equal(["ndv.request-created", "ndv.request-unmatched"], await Service.OutboxTopicsAsync(request.Id));
        var unmatched = await National.ListExpertiseRequestsAsync(new ListExpertiseRequestsRequest { Status = ExpertiseRequestStatus.Unmatched });
        Assert.Equal(request.Id, Assert.Single(unmatched.Requests).Id);
    }

    [Fact]
    public async Task Every_offer_acceptance_decline_expiry_and_completion_is_kept_and_announced()
    {
        await MemberAsync("ndv-a", "AM", [Mourning]);
        await MemberAsync("ndv-b", "AM", [Mourning]);
        await MemberAsync("ndv-c", "AM", [Mourning]);
        var request = await AskAsync("AM", [Mourning]);
        var a = await PendingOfferAsync(request.Id);
        await Service.Client(Users.Member(a.MemberId)).DeclineOfferAsync(new DeclineOfferRequest { Id = a.Id, Reason = "no time" });
        Service.Time.Advance(TimeSpan.FromHours(2));
        await Eventually.UntilAsync(async () => (await PendingOfferAsync(request.Id, allowNone: true))?.MemberId == "ndv-c", TimeSpan.FromSeconds(30), () => "the offer to ndv-b expired");
        var c = await PendingOfferAsync(request.Id);
        var member = Service.Client(Users.Member(c.MemberId));
        await member.AcceptOfferAsync(new AcceptOfferRequest { Id = c.Id });
        await member.CompleteOfferAsync(new CompleteOfferRequest { Id = c.Id, HoursSpent = 2.5 });

        var trail = (await Service.Client(Users.Coordinator("AM")).GetExpertiseRequestAsync(new GetExpertiseRequestRequest { Id = request.Id })).History;
        Assert.Equal(["created", "offered", "declined", "offered", "expired", "offered", "accepted", "completed"], trail.Select(h => h.Kind));
        Assert.Equal("no time", trail[2].Detail);
        Assert.Equal("system", trail[4].Actor);
        Assert.Equal(
            ["ndv.request-created", "ndv.offer-made", "ndv.offer-declined", "ndv.offer-made", "ndv.offer-expired", "ndv.offer-made", "ndv.offer-accepted", "ndv.request-completed"],
            await Service.OutboxTopicsAsync(request.Id));
        Assert.Contains("ndv.member-changed", await Service.OutboxTopicsAsync("ndv-a"));
    }

    [Fact]
    public async Task A_cancelled_request_withdraws_its_offer_and_gives_the_hours_back()
    {
        await MemberAsync("ndv-a", "AM", [Mourning]);
        var team = Service.Client(Users.Team("AM"));
        var request = await AskAsync("AM", [Mourning], hours: 6);
        var offer = await PendingOfferAsync(request.Id);
        Assert.Equal(6, (await National.GetMemberBudgetAsync(new GetMemberBudgetRequest { MemberId = "ndv-a" })).ReservedHours);

        var cancelled = await team.CancelExpertiseRequestAsync(new CancelExpertiseRequestRequest { Id = request.Id, Reason = "solved otherwise" });

        Assert.Equal(ExpertiseRequestStatus.Cancelled, cancelled.Status);
        Assert.Equal(0, (await National.GetMemberBudgetAsync(new GetMemberBudgetRequest { MemberId = "ndv-a" })).ReservedHours);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Service.Client(Users.Member("ndv-a")).AcceptOfferAsync(new AcceptOfferRequest { Id = offer.Id }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => team.CancelExpertiseRequestAsync(new CancelExpertiseRequestRequest { Id = request.Id }).ResponseAsync);
        Assert.Equal("ndv.request-cancelled", (await Service.OutboxTopicsAsync(request.Id))[^1]);
    }

    // ---- authorization ----

    [Fact]
    public async Task A_basic_team_sees_only_its_own_units_requests_and_only_the_matched_members_card()
    {
        await MemberAsync("ndv-a", "RT", [Mourning, Moroccan], languages: ["ar", "nl"], networks: ["moslim"]);
        var team = Service.Client(Users.Team("AM"));
        var request = await AskAsync("AM", [Mourning]);
        var offer = await PendingOfferAsync(request.Id);
        await Service.Client(Users.Member("ndv-a", "RT")).AcceptOfferAsync(new AcceptOfferRequest { Id = offer.Id });

        var seen = await team.GetExpertiseRequestAsync(new GetExpertiseRequestRequest { Id = request.Id });

        Assert.Equal(ExpertiseRequestStatus.Matched, seen.Status);
        Assert.Equal(("Member ndv-a", "RT", "ndv-a@example.politie.nl"), (seen.MatchedMember.Name, seen.MatchedMember.Unit, seen.MatchedMember.Email));
        Assert.Equal([Mourning], seen.MatchedMember.MatchedExpertise.Select(t => t.Code));
        Assert.Equal("Rouw- en begrafenisrituelen", seen.MatchedMember.MatchedExpertise[0].LabelNl);
        Assert.Null(seen.CurrentOffer);
        Assert.Empty(seen.History);
        // Nothing of the profile beyond the matched labels travels to the team.
        Assert.DoesNotContain(Moroccan, seen.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("moslim", seen.ToString(), StringComparison.Ordinal);

        var otherTeam = Service.Client(Users.Team("RT"));
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => otherTeam.GetExpertiseRequestAsync(new GetExpertiseRequestRequest { Id = request.Id }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => otherTeam.ListExpertiseRequestsAsync(new ListExpertiseRequestsRequest { Unit = "AM" }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => otherTeam.CancelExpertiseRequestAsync(new CancelExpertiseRequestRequest { Id = request.Id }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => otherTeam.CreateExpertiseRequestAsync(Ask("AM", [Mourning])).ResponseAsync);
        Assert.Empty((await otherTeam.ListExpertiseRequestsAsync(new ListExpertiseRequestsRequest())).Requests);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => team.ListProposalsAsync(new ListProposalsRequest { Id = request.Id }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => team.GetMemberAsync(new GetMemberRequest { MemberId = "ndv-a" }).ResponseAsync);
    }

    [Fact]
    public async Task A_member_sees_and_answers_only_their_own_offers()
    {
        await MemberAsync("ndv-a", "AM", [Mourning]);
        await MemberAsync("ndv-b", "AM", [Islam]);
        var request = await AskAsync("AM", [Mourning]);
        var offer = await PendingOfferAsync(request.Id);
        var a = Service.Client(Users.Member("ndv-a"));
        var b = Service.Client(Users.Member("ndv-b"));

        var own = await a.ListOffersAsync(new ListOffersRequest());
        Assert.Equal(offer.Id, Assert.Single(own.Offers).Id);
        Assert.Equal("Family asks about mourning customs.", own.Offers[0].Request.Description);
        Assert.Empty((await b.ListOffersAsync(new ListOffersRequest())).Offers);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => b.ListOffersAsync(new ListOffersRequest { MemberId = "ndv-a" }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => b.AcceptOfferAsync(new AcceptOfferRequest { Id = offer.Id }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => b.DeclineOfferAsync(new DeclineOfferRequest { Id = offer.Id }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => b.GetMemberAsync(new GetMemberRequest { MemberId = "ndv-a" }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => b.WithdrawConsentAsync(new WithdrawConsentRequest { MemberId = "ndv-a" }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => b.GetExpertiseRequestAsync(new GetExpertiseRequestRequest { Id = request.Id }).ResponseAsync);
        Assert.Equal("ndv-b", (await b.GetMemberAsync(new GetMemberRequest { MemberId = "ndv-b" })).Id);
    }

    [Fact]
    public async Task Unit_coordinators_see_their_own_unit_and_the_national_coordinator_everything()
    {
        await MemberAsync("ndv-a", "AM", [Mourning]);
        await MemberAsync("ndv-r", "RT", [Islam]);
        var am = await AskAsync("AM", [Mourning]);
        var rt = await AskAsync("RT", [Islam]);
        var coordinator = Service.Client(Users.Coordinator("AM"));

        Assert.Equal([am.Id], (await coordinator.ListExpertiseRequestsAsync(new ListExpertiseRequestsRequest())).Requests.Select(r => r.Id));
        Assert.Equal(["ndv-a"], (await coordinator.ListMembersAsync(new ListMembersRequest())).Members.Select(m => m.Id));
        Assert.Equal(["AM"], (await coordinator.GetFiguresAsync(new GetFiguresRequest())).Units.Select(u => u.Unit));
        Assert.Single((await coordinator.ListOffersAsync(new ListOffersRequest())).Offers);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => coordinator.GetExpertiseRequestAsync(new GetExpertiseRequestRequest { Id = rt.Id }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => coordinator.ListProposalsAsync(new ListProposalsRequest { Id = rt.Id }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => coordinator.GetMemberAsync(new GetMemberRequest { MemberId = "ndv-r" }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => coordinator.GetFiguresAsync(new GetFiguresRequest { Unit = "RT" }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => coordinator.ListMembersAsync(new ListMembersRequest { Unit = "RT" }).ResponseAsync);

        Assert.Equal(2, (await National.ListExpertiseRequestsAsync(new ListExpertiseRequestsRequest())).Requests.Count);
        Assert.Equal(2, (await National.ListMembersAsync(new ListMembersRequest())).Members.Count);
        Assert.Equal("ndv-r", (await National.GetMemberAsync(new GetMemberRequest { MemberId = "ndv-r" })).Id);
    }

    [Fact]
    public async Task Anyone_else_gets_permission_denied_without_learning_whether_the_request_exists()
    {
        var request = await AskAsync("AM", [Mourning]);
        var missing = Guid.CreateVersion7().ToString();
        var otherTeam = Service.Client(Users.Team("RT"));

        var forExisting = await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => otherTeam.GetExpertiseRequestAsync(new GetExpertiseRequestRequest { Id = request.Id }).ResponseAsync);
        var forMissing = await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => otherTeam.GetExpertiseRequestAsync(new GetExpertiseRequestRequest { Id = missing }).ResponseAsync);
        Assert.Equal(forExisting.Status.Detail, forMissing.Status.Detail);
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => National.GetExpertiseRequestAsync(new GetExpertiseRequestRequest { Id = missing }).ResponseAsync);

        foreach (var role in new[] { Roles.Employee, Roles.RscOperator, Roles.ComplaintHandler, Roles.SurveyAdministrator })
        {
            var stranger = Service.Client(Users.Other(role));
            await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => stranger.GetExpertiseRequestAsync(new GetExpertiseRequestRequest { Id = request.Id }).ResponseAsync);
            await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => stranger.ListMembersAsync(new ListMembersRequest()).ResponseAsync);
        }

        using var anonymous = Channels.Grpc(Service.Grpc);
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => new NdvMatchingService.NdvMatchingServiceClient(anonymous).GetExpertiseRequestAsync(new GetExpertiseRequestRequest { Id = request.Id }).ResponseAsync);
    }

    // ---- input ----

    [Fact]
    public async Task Bad_input_gets_every_field_violation_and_writes_nothing()
    {
        var before = await Service.CountsAsync();
        var team = Service.Client(Users.Team("AM"));

        var bad = new CreateExpertiseRequestRequest
        {
            Unit = "AM",
            NeededExpertise = { "no-such-tag" },
            Languages = { "Arabic" },
            ExpectedHours = -2,
            Description = new string('x', 2001),
        };
        var error = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => team.CreateExpertiseRequestAsync(bad).ResponseAsync);
        Assert.Equal(["needed_expertise[0]", "languages[0]", "urgency", "expected_hours", "description"], RpcAssert.Violations(error));

        var empty = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => team.CreateExpertiseRequestAsync(new CreateExpertiseRequestRequest()).ResponseAsync);
        Assert.Equal(["unit", "needed_expertise", "urgency", "expected_hours", "description"], RpcAssert.Violations(empty));

        var page = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => team.ListExpertiseRequestsAsync(new ListExpertiseRequestsRequest { PageToken = "bm90LWEtdG9rZW4", PageSize = -1 }).ResponseAsync);
        Assert.Equal(["page_size", "page_token"], RpcAssert.Violations(page));

        var member = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => National.RegisterMemberAsync(new RegisterMemberRequest
        {
            Member = new Member { Id = "X!", Email = "not-an-address", HomeUnit = "ZZ", ExpertiseTags = { "nope" }, Networks = { "nope" } },
        }).ResponseAsync);
        Assert.Equal(["member.id", "member.name", "member.email", "member.home_unit", "member.networks[0]", "member.expertise_tags[0]"], RpcAssert.Violations(member));

        Assert.Equal(before, await Service.CountsAsync());
    }

    [Fact]
    public async Task A_phone_number_longer_than_the_stored_field_is_bad_input_and_one_that_fits_is_kept()
    {
        var tooLong = "+31 " + new string('5', 29);
        var member = new Member { Id = "ndv-p", Name = "Member P", Email = "ndv-p@example.politie.nl", Phone = tooLong, HomeUnit = "AM", ExpertiseTags = { Mourning } };

        var refused = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => National.RegisterMemberAsync(new RegisterMemberRequest { Member = member }).ResponseAsync);

        Assert.Equal(["member.phone"], RpcAssert.Violations(refused));
        member.Phone = tooLong[..^1];
        Assert.Equal(member.Phone, (await National.RegisterMemberAsync(new RegisterMemberRequest { Member = member })).Phone);
    }

    [Fact]
    public async Task A_member_id_is_registered_once_and_the_second_registration_writes_nothing()
    {
        await MemberAsync("ndv-a", "AM", [Mourning], consent: false);
        var before = await Service.CountsAsync();

        var again = await RpcAssert.FailsAsync(StatusCode.AlreadyExists, () => MemberAsync("ndv-a", "RT", [Islam], consent: false));

        Assert.Contains("ndv-a", again.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await Service.CountsAsync());
        Assert.Equal("AM", (await National.GetMemberAsync(new GetMemberRequest { MemberId = "ndv-a" })).HomeUnit);
    }

    [Fact]
    public async Task Asking_again_with_the_same_request_id_returns_the_same_request_and_other_content_is_refused()
    {
        await MemberAsync("ndv-a", "AM", [Mourning]);
        var team = Service.Client(Users.Team("AM"));
        var ask = Ask("AM", [Mourning]);
        ask.RequestId = "team-am-2026-0042";

        var first = await team.CreateExpertiseRequestAsync(ask);
        var again = await team.CreateExpertiseRequestAsync(ask);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(1, (await Service.CountsAsync()).Requests);
        Assert.Single((await National.ListOffersAsync(new ListOffersRequest { RequestId = first.Id })).Offers);
        ask.ExpectedHours = 9;
        await RpcAssert.FailsAsync(StatusCode.AlreadyExists, () => team.CreateExpertiseRequestAsync(ask).ResponseAsync);
    }

    // ---- members ----

    [Fact]
    public async Task A_coordinator_changes_only_the_fields_named_in_the_update_mask()
    {
        await MemberAsync("ndv-a", "AM", [Mourning], languages: ["ar"]);
        var coordinator = Service.Client(Users.Coordinator("AM"));

        var updated = await coordinator.UpdateMemberAsync(new UpdateMemberRequest
        {
            Member = new Member { Id = "ndv-a", Name = "ignored", ExpertiseTags = { Mourning, Islam } },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "expertise_tags" } },
        });

        Assert.Equal("Member ndv-a", updated.Name);
        Assert.Equal([Mourning, Islam], updated.ExpertiseTags);
        Assert.Equal(["ar"], updated.Languages);
        Assert.Equal(["ndv-a"], (await coordinator.ListMembersAsync(new ListMembersRequest { ExpertiseTag = Islam })).Members.Select(m => m.Id));
        Assert.Empty((await coordinator.ListMembersAsync(new ListMembersRequest { Network = "roze-in-blauw" })).Members);
        // Moving a member to a unit the coordinator does not coordinate is refused.
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => coordinator.UpdateMemberAsync(new UpdateMemberRequest
        {
            Member = new Member { Id = "ndv-a", HomeUnit = "RT" },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "home_unit" } },
        }).ResponseAsync);
    }

    [Fact]
    public async Task A_member_who_is_not_available_gets_no_offer_until_the_period_ends()
    {
        await MemberAsync("ndv-a", "AM", [Mourning]);
        await Service.Client(Users.Member("ndv-a")).SetAvailabilityAsync(new SetAvailabilityRequest
        {
            MemberId = "ndv-a",
            Unavailable =
            {
                new UnavailablePeriod
                {
                    StartTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(NdvService.Start.AddHours(-1)),
                    EndTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(NdvService.Start.AddDays(1)),
                    Note = "leave",
                },
            },
        });

        Assert.Equal(ExpertiseRequestStatus.Unmatched, (await AskAsync("AM", [Mourning])).Status);
        Service.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(ExpertiseRequestStatus.Offered, (await AskAsync("AM", [Mourning])).Status);
    }

    [Fact]
    public async Task Members_are_listed_in_pages_that_follow_the_token()
    {
        for (var i = 0; i < 5; i++)
        {
            await MemberAsync($"ndv-p{i}", "AM", [Mourning], consent: false);
        }

        var first = await National.ListMembersAsync(new ListMembersRequest { PageSize = 2 });
        var second = await National.ListMembersAsync(new ListMembersRequest { PageSize = 2, PageToken = first.NextPageToken });
        var third = await National.ListMembersAsync(new ListMembersRequest { PageSize = 2, PageToken = second.NextPageToken });

        Assert.Equal(["ndv-p0", "ndv-p1", "ndv-p2", "ndv-p3", "ndv-p4"], first.Members.Concat(second.Members).Concat(third.Members).Select(m => m.Id));
        Assert.Empty(third.NextPageToken);
    }

    // ---- figures ----

    [Fact]
    public async Task Figures_show_requests_match_rate_time_to_match_and_hours_against_budget_per_unit()
    {
        await MemberAsync("ndv-a", "AM", [Mourning]);
        await MemberAsync("ndv-b", "AM", [Islam], consent: false);
        var matched = await AskAsync("AM", [Mourning]);
        var unmatched = await AskAsync("AM", [Moroccan]);
        var offer = await PendingOfferAsync(matched.Id);
        Service.Time.Advance(TimeSpan.FromMinutes(30));
        var member = Service.Client(Users.Member("ndv-a"));
        await member.AcceptOfferAsync(new AcceptOfferRequest { Id = offer.Id });
        await member.CompleteOfferAsync(new CompleteOfferRequest { Id = offer.Id, HoursSpent = 3 });

        var figures = await Service.Client(Users.Coordinator("AM")).GetFiguresAsync(new GetFiguresRequest());

        var am = Assert.Single(figures.Units);
        Assert.Equal((2, 1, 1, 0.5), (am.Requests, am.Matched, am.Unmatched, am.MatchRate));
        Assert.Equal(0.5, am.MeanHoursToMatch, 6);
        Assert.Equal(0.5, am.MedianHoursToMatch, 6);
        // The seeded guideline gives Amsterdam 48 hours per member per quarter; one member has consent.
        Assert.Equal((3.0, 48.0, 1), (am.UsedHours, am.BudgetHours, am.MembersWithConsent));
        Assert.Equal(new DateTimeOffset(2026, 3, 31, 22, 0, 0, TimeSpan.Zero), figures.PeriodStartTime.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 6, 30, 22, 0, 0, TimeSpan.Zero), figures.PeriodEndTime.ToDateTimeOffset());
        Assert.NotNull(unmatched);
    }

    [Fact]
    public async Task A_Roze_in_Blauw_call_the_member_answered_counts_as_NDV_work_time_once_per_call()
    {
        await MemberAsync("ndv-rib", "RT", [Mourning], networks: ["roze-in-blauw"]);
        var answered = new Pvi.Overflow.V1.CallCompleted
        {
            CallId = "call-0001", AnsweredByKind = "member", AnsweredById = "ndv-rib", DurationSeconds = 61,
            CompleteTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(Service.Time.GetUtcNow()),
        };
        var atAnRsc = new Pvi.Overflow.V1.CallCompleted { CallId = "call-0002", AnsweredByKind = "operator", AnsweredById = "op-1", Rsc = "RSC-RT", DurationSeconds = 600 };

        // 61 seconds count as 2 minutes; delivered twice (the second as a new event id) it still counts once.
        await Service.DeliverAsync("overflow.call-completed", answered);
        await Service.DeliverAsync("overflow.call-completed", answered);
        await Service.DeliverAsync("overflow.call-completed", atAnRsc);

        var budget = await Service.Client(Users.Member("ndv-rib", "RT")).GetMemberBudgetAsync(new GetMemberBudgetRequest { MemberId = "ndv-rib" });
        Assert.Equal(2 / 60.0, budget.UsedHours, 6);
        var figures = await National.GetFiguresAsync(new GetFiguresRequest { Unit = "RT" });
        Assert.Equal(2 / 60.0, figures.Units.Single().UsedHours, 6);
    }

    [Fact]
    public async Task A_call_of_a_member_the_register_does_not_know_yet_is_retried_not_acknowledged_away()
    {
        // ARCHITECTURE.md, events: a handler never acknowledges away an event it cannot place yet.
        var answered = new Pvi.Overflow.V1.CallCompleted
        {
            CallId = "call-0003", AnsweredByKind = "member", AnsweredById = "ndv-later", DurationSeconds = 120,
            CompleteTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(Service.Time.GetUtcNow()),
        };
        var id = Guid.NewGuid();
        Assert.Equal("RETRY", await Service.DeliverAsync("overflow.call-completed", answered, id));
        Assert.Equal(0, await Service.DbAsync(db => db.WorkRecords.CountAsync()));

        // Once the member is there, the redelivery of the same event places it.
        await MemberAsync("ndv-later", "RT", [Mourning], networks: ["roze-in-blauw"]);
        Assert.Equal("SUCCESS", await Service.DeliverAsync("overflow.call-completed", answered, id));
        var budget = await Service.Client(Users.Member("ndv-later", "RT")).GetMemberBudgetAsync(new GetMemberBudgetRequest { MemberId = "ndv-later" });
        Assert.Equal(2 / 60.0, budget.UsedHours, 6);
        Assert.Empty(await Service.DbAsync(db => db.Set<Pvi.IntegrationEvents.Model.DeadLetter>().ToListAsync()));
    }

    [Fact]
    public async Task A_call_of_a_member_who_never_appears_ends_in_the_dead_letters_after_the_bounded_attempts()
    {
        var answered = new Pvi.Overflow.V1.CallCompleted { CallId = "call-0004", AnsweredByKind = "member", AnsweredById = "ndv-nobody", DurationSeconds = 60 };
        var id = Guid.NewGuid();
        var answers = new List<string>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            answers.Add(await Service.DeliverAsync("overflow.call-completed", answered, id));
        }

        // Four retries, then kept to be replayed (acknowledged so that it blocks nothing behind it).
        Assert.Equal(["RETRY", "RETRY", "RETRY", "RETRY", "SUCCESS"], answers);
        var kept = Assert.Single(await Service.DbAsync(db => db.Set<Pvi.IntegrationEvents.Model.DeadLetter>().ToListAsync()));
        Assert.Equal(id.ToString(), kept.MessageId);
        Assert.Equal(0, await Service.DbAsync(db => db.WorkRecords.CountAsync()));
    }

    [Fact]
    public async Task A_member_event_carries_no_faith_or_origin_network_and_nothing_of_the_profile()
    {
        await MemberAsync("ndv-x", "AM", [Mourning, Islam], languages: ["ar"], networks: ["moslim", "marokkaans", "roze-in-blauw"]);

        var published = await Service.DbAsync(db => db.Set<Pvi.IntegrationEvents.Model.OutboxMessage>().AsNoTracking()
            .Where(m => m.Subject == "ndv-x" && m.Topic == "ndv.member-changed").Select(m => m.CloudEvent).ToListAsync());
        Assert.NotEmpty(published);
        foreach (var cloudEvent in published)
        {
            using var document = System.Text.Json.JsonDocument.Parse(cloudEvent);
            var changed = Google.Protobuf.JsonParser.Default.Parse<MemberChanged>(document.RootElement.GetProperty("data").GetRawText());
            Assert.Equal(["roze-in-blauw"], changed.Networks);
            foreach (var profile in new[] { "moslim", "marokkaans", Mourning, Islam, "ndv-x@example.politie.nl", "+31 20 555 0000", "\"ar\"" })
            {
                Assert.DoesNotContain(profile, cloudEvent, StringComparison.Ordinal);
            }
        }
    }

    // ---- helpers ----

    protected async Task<Member> MemberAsync(string id, string unit, string[] tags, string[]? languages = null, bool consent = true, string[]? networks = null)
    {
        var member = new Member { Id = id, Name = $"Member {id}", Email = $"{id}@example.politie.nl", Phone = "+31 20 555 0000", HomeUnit = unit };
        member.ExpertiseTags.Add(tags);
        member.Languages.Add(languages ?? []);
        member.Networks.Add(networks ?? []);
        var registered = await National.RegisterMemberAsync(new RegisterMemberRequest { Member = member });
        return consent
            ? await Service.Client(Users.Member(id, unit)).RecordConsentAsync(new RecordConsentRequest { MemberId = id })
            : registered;
    }

    protected static CreateExpertiseRequestRequest Ask(string unit, string[] tags, double hours = 4, Urgency urgency = Urgency.Normal, string[]? languages = null)
    {
        var ask = new CreateExpertiseRequestRequest
        {
            Unit = unit,
            Urgency = urgency,
            ExpectedHours = hours,
            Description = "Family asks about mourning customs.",
        };
        ask.NeededExpertise.Add(tags);
        ask.Languages.Add(languages ?? []);
        return ask;
    }

    protected async Task<ExpertiseRequest> AskAsync(string unit, string[] tags, double hours = 4, Urgency urgency = Urgency.Normal, string[]? languages = null) =>
        await Service.Client(Users.Team(unit)).CreateExpertiseRequestAsync(Ask(unit, tags, hours, urgency, languages));

    protected async Task<Offer> PendingOfferAsync(string requestId) => (await PendingOfferAsync(requestId, allowNone: false))!;

    protected async Task<Offer?> PendingOfferAsync(string requestId, bool allowNone)
    {
        var offers = (await National.ListOffersAsync(new ListOffersRequest { RequestId = requestId, Status = OfferStatus.Pending })).Offers;
        return allowNone ? offers.SingleOrDefault() : Assert.Single(offers);
    }

    /// <summary>Runs one expiry sweep now, as the background timer does on its tick.</summary>
    protected async Task<int> ExpireNowAsync()
    {
        await using var scope = Service.Scope();
        return await scope.ServiceProvider.GetRequiredService<ExpertiseMatcher>().ExpireDueOffersAsync(CancellationToken.None);
    }
}

public sealed class NdvRulesOnSqlite : NdvRules
{
    protected override Task<NdvService> StartServiceAsync() => NdvService.StartAsync(NdvService.Sqlite, null);
}

[Collection(PostgresCollection.Name)]
public sealed class NdvRulesOnPostgres(PostgresServer postgres) : NdvRules
{
    protected override Task<NdvService> StartServiceAsync() => NdvService.StartAsync(NdvService.Postgres, postgres);
}
