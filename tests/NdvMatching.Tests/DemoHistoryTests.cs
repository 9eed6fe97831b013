using Google.Protobuf.WellKnownTypes;
using Pvi.Ndv.V1;
using Pvi.TestSupport;

namespace Pvi.NdvMatching.Tests;

/// <summary>
/// The demo history of the embedded default: requests of the budget periods before the current
/// one, made by the matching rules, that leave the current period and every budget as a fresh
/// start has them.
/// </summary>
public abstract class DemoHistoryTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> WithHistory = new() { ["Ndv:SeedDemoMembers"] = "true", ["Ndv:SeedDemoHistory"] = "true" };

    private NdvService _service = null!;

    protected abstract Task<NdvService> StartServiceAsync(IReadOnlyDictionary<string, string?> settings);

    public async Task InitializeAsync() => _service = await StartServiceAsync(WithHistory);

    public async Task DisposeAsync() => await _service.DisposeAsync();

    private NdvMatchingService.NdvMatchingServiceClient National => _service.Client(Users.National);

    [Fact]
    public async Task The_demo_history_fills_the_three_periods_before_the_current_one_and_leaves_the_current_one_empty()
    {
        var now = NdvService.Start.UtcDateTime;
        var current = await National.GetFiguresAsync(new GetFiguresRequest());
        Assert.Equal(0, current.Total.Requests);
        Assert.Equal(0, current.Total.UsedHours);

        var at = current.PeriodStartTime.ToDateTime();
        for (var back = 1; back <= 3; back++)
        {
            var figures = await National.GetFiguresAsync(new GetFiguresRequest { PeriodTime = Timestamp.FromDateTime(at.AddDays(-1)) });
            Assert.True(figures.Total.Requests >= 50, $"period {back} back has {figures.Total.Requests} requests");
            Assert.True(figures.Total.Matched > figures.Total.Requests / 2, $"most requests of period {back} back were matched");
            Assert.True(figures.Total.UsedHours > 0);
            Assert.True(figures.Total.Unmatched > 0, "expertise nobody has leaves requests unmatched");
            at = figures.PeriodStartTime.ToDateTime();
        }

        var before = await National.GetFiguresAsync(new GetFiguresRequest { PeriodTime = Timestamp.FromDateTime(at.AddDays(-1)) });
        Assert.Equal(0, before.Total.Requests);
        Assert.True(now > current.PeriodStartTime.ToDateTime());
    }

    [Fact]
    public async Task Every_member_starts_the_current_period_with_the_whole_budget_and_no_past_period_is_overspent()
    {
        var members = (await National.ListMembersAsync(new ListMembersRequest { PageSize = 100 })).Members;
        Assert.NotEmpty(members);
        var current = await National.GetFiguresAsync(new GetFiguresRequest());
        foreach (var member in members)
        {
            var now = await National.GetMemberBudgetAsync(new GetMemberBudgetRequest { MemberId = member.Id });
            Assert.Equal(now.BudgetHours, now.RemainingHours);

            var at = current.PeriodStartTime.ToDateTime();
            for (var back = 1; back <= 3; back++)
            {
                var past = await National.GetMemberBudgetAsync(new GetMemberBudgetRequest { MemberId = member.Id, PeriodTime = Timestamp.FromDateTime(at.AddDays(-1)) });
                Assert.True(past.UsedHours <= past.BudgetHours, $"{member.Id} used {past.UsedHours} of {past.BudgetHours} h");
                at = past.PeriodStartTime.ToDateTime();
            }
        }
    }

    [Fact]
    public async Task A_completed_demo_request_has_the_audit_trail_of_a_real_one_and_went_to_a_member_with_consent_who_covers_it()
    {
        var requests = (await National.ListExpertiseRequestsAsync(new ListExpertiseRequestsRequest { PageSize = 500, Unit = "AM" })).Requests;
        var completed = requests.Where(r => r.Status == ExpertiseRequestStatus.Completed).ToList();
        Assert.NotEmpty(completed);
        foreach (var request in completed.Take(5))
        {
            var detail = await National.GetExpertiseRequestAsync(new GetExpertiseRequestRequest { Id = request.Id });
            var kinds = detail.History.Select(h => h.Kind).ToList();
            Assert.Equal("created", kinds[0]);
            Assert.Equal("completed", kinds[^1]);
            Assert.Contains("offered", kinds);
            Assert.Contains("accepted", kinds);
            Assert.Equal(detail.History.OrderBy(h => h.Time.ToDateTime()).Select(h => h.Kind), kinds);
            var member = await National.GetMemberAsync(new GetMemberRequest { MemberId = detail.History.Last(h => h.Kind == "accepted").MemberId });
            Assert.True(member.Consent.Active);
            Assert.NotEmpty(member.ExpertiseTags.Intersect(detail.NeededExpertise));
        }
    }
}

public sealed class DemoHistoryOnSqlite : DemoHistoryTests
{
    protected override Task<NdvService> StartServiceAsync(IReadOnlyDictionary<string, string?> settings) => NdvService.StartAsync(NdvService.Sqlite, null, settings);
}

[Collection(PostgresCollection.Name)]
public sealed class DemoHistoryOnPostgres(PostgresServer postgres) : DemoHistoryTests
{
    protected override Task<NdvService> StartServiceAsync(IReadOnlyDictionary<string, string?> settings) => NdvService.StartAsync(NdvService.Postgres, postgres, settings);
}
