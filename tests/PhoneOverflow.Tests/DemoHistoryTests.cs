using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Pvi.Overflow.V1;
using Pvi.TestSupport;

namespace Pvi.PhoneOverflow.Tests;

/// <summary>
/// The demo history of the embedded default: four weeks of calls before today, decided by the
/// line's rules (members, the RSCs' real opening hours, queue, voicemail), every one closed, in the
/// RSCs' streams in order; today is left to the people using it.
/// </summary>
public abstract class DemoHistoryTests : IAsyncLifetime
{
    private OverflowService _service = null!;

    protected abstract Task<OverflowService> StartServiceAsync();

    public async Task InitializeAsync() => _service = await StartServiceAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Four_weeks_of_closed_calls_before_today_fill_the_capacity_analysis()
    {
        var coordinator = _service.Client(People.Coordinator);
        var figures = await coordinator.GetOverflowFiguresAsync(new GetOverflowFiguresRequest());

        Assert.InRange(figures.Calls, 200, 500);
        Assert.True(figures.AnsweredByMembers > 0 && figures.AnsweredByRscs > figures.AnsweredByMembers, "members and RSCs both answered, RSCs most");
        Assert.True(figures.Abandoned > 0 && figures.Voicemail > 0);
        Assert.InRange(figures.ServiceLevel, 0.5, 0.999);
        Assert.True(figures.PerHour.Count > 50, "calls spread over the hours of the week");
        Assert.Contains(figures.Rscs, r => r.Answered > 0 && r.OperatorsNeeded > 0);

        // Nothing today and nothing open: nobody is busy and the queue is empty.
        var today = await coordinator.GetOverflowFiguresAsync(new GetOverflowFiguresRequest { StartTime = Timestamp.FromDateTimeOffset(OverflowService.Start.AddHours(-11)) });
        Assert.Equal(0, today.Calls);
        Assert.Equal(0, await _service.DbAsync(db => db.Calls.CountAsync(c => c.Status == Model.CallState.Ringing || c.Status == Model.CallState.Queued || c.Status == Model.CallState.Answered)));
        Assert.Equal(0, await _service.DbAsync(db => db.Operators.CountAsync(o => o.SignedIn || o.CurrentCallId != null)));
    }

    [Fact]
    public async Task Every_forwarded_demo_call_went_to_an_open_RSC_and_each_RSCs_stream_is_in_order_without_gaps()
    {
        var hours = new Routing.OpeningHours(new Pvi.ServiceDefaults.Time.LocalCalendar(TimeProvider.System, new Routing.OverflowOptions().TimeZone));
        var rscs = await _service.DbAsync(db => db.RegionalServiceCentres.AsNoTracking().ToListAsync());
        var forwarded = await _service.DbAsync(db => db.ForwardedCalls.AsNoTracking().ToListAsync());
        Assert.NotEmpty(forwarded);
        foreach (var rsc in rscs)
        {
            var stream = forwarded.Where(f => f.Rsc == rsc.Code).OrderBy(f => f.Position).ToList();
            Assert.Equal(Enumerable.Range(1, stream.Count).Select(i => (long)i), stream.Select(f => f.Position));
            Assert.Equal(stream.Count, rsc.ForwardSequence);
            Assert.All(stream, f => Assert.True(hours.IsOpen(rsc, f.ForwardedAt), $"{f.CallId} forwarded to {rsc.Code} while it was closed"));
        }

        // The operator's live page gets the recent calls of its RSC at once.
        var operatorClient = _service.Client(People.Operator("demo-rsc-operator", "RSC-RT"));
        using var watch = operatorClient.WatchForwardedCalls(new WatchForwardedCallsRequest { Rsc = "RSC-RT", Backlog = 5 });
        var received = new List<ForwardedCall>();
        while (received.Count < 5 && await watch.ResponseStream.MoveNext(CancellationToken.None))
        {
            received.Add(watch.ResponseStream.Current);
        }

        var last = rscs.Single(r => r.Code == "RSC-RT").ForwardSequence;
        Assert.Equal(Enumerable.Range((int)last - 4, 5).Select(i => (long)i), received.Select(f => f.Position));
    }
}

public sealed class DemoHistoryOnSqlite : DemoHistoryTests
{
    protected override Task<OverflowService> StartServiceAsync() => OverflowService.StartAsync(ServiceUnderTest<Program>.Sqlite, null, demo: true);
}

[Collection(PostgresCollection.Name)]
public sealed class DemoHistoryOnPostgres(PostgresServer postgres) : DemoHistoryTests
{
    protected override Task<OverflowService> StartServiceAsync() => OverflowService.StartAsync(ServiceUnderTest<Program>.Postgres, postgres, demo: true);
}

/// <summary>
/// The demo history of a suite first started in the weeks after the clocks changed: the service
/// starts, the four weeks are all there, and the calls of the day of the change each fall on that
/// local day. (Which local times the seed draws is fixed by its random seed; what a time the
/// clocks skip or repeat becomes is proven on the calendar itself, in LocalCalendarTests.)
/// </summary>
public sealed class DemoHistoryOverAChangeOfTheClocks
{
    [Theory]
    [InlineData("2027-04-05T09:00:00Z", "2027-03-28")] // summer time begins: 02:00-03:00 is skipped
    [InlineData("2026-11-10T09:00:00Z", "2026-10-25")] // summer time ends: 02:00-03:00 happens twice
    public async Task Four_weeks_of_calls_over_a_change_of_the_clocks_are_all_seeded(string start, string changeDay)
    {
        var now = DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture);
        await using var service = await OverflowService.StartAsync(ServiceUnderTest<Program>.Sqlite, null, now, demo: true);
        var coordinator = service.Client(People.Coordinator);

        var figures = await coordinator.GetOverflowFiguresAsync(new GetOverflowFiguresRequest());
        Assert.InRange(figures.Calls, 200, 500);

        // The night of the change has its calls, each at a real moment of that local day.
        var calendar = new Pvi.ServiceDefaults.Time.LocalCalendar(TimeProvider.System, "Europe/Amsterdam");
        var day = DateOnly.Parse(changeDay, System.Globalization.CultureInfo.InvariantCulture);
        var (from, to) = (calendar.StartOf(day), calendar.StartOf(day.AddDays(1)));
        var ofTheDay = await service.DbAsync(db => db.Calls.AsNoTracking().Where(c => c.ArrivedAt >= from && c.ArrivedAt < to).ToListAsync());
        Assert.NotEmpty(ofTheDay);
        Assert.All(ofTheDay, c => Assert.Equal(day, calendar.Date(c.ArrivedAt)));
    }
}
