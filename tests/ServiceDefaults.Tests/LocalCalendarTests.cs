using Microsoft.Extensions.Time.Testing;
using Pvi.ServiceDefaults.Time;

namespace Pvi.ServiceDefaults.Tests;

/// <summary>
/// The calendar of Europe/Amsterdam that every service counts its days, budget periods, opening
/// hours and demo history in, also on the two nights a year the clocks change.
/// </summary>
public sealed class LocalCalendarTests
{
    private static LocalCalendar Amsterdam(DateTimeOffset now) => new(new FakeTimeProvider(now), "Europe/Amsterdam");

    [Fact]
    public void Today_is_the_local_date_after_midnight_in_Amsterdam_while_it_is_still_yesterday_in_UTC()
    {
        var calendar = Amsterdam(new DateTimeOffset(2026, 12, 1, 23, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 12, 2), calendar.Today);
        Assert.Equal(new DateTime(2026, 12, 2, 0, 30, 0), calendar.Now);
    }

    [Fact]
    public void A_local_time_the_clocks_skip_in_spring_is_the_moment_after_the_gap()
    {
        var calendar = Amsterdam(DateTimeOffset.UnixEpoch);

        // 28 March 2027, 02:00 CET becomes 03:00 CEST: 02:30 does not exist there.
        Assert.Equal(new DateTime(2027, 3, 28, 1, 30, 0, DateTimeKind.Utc), calendar.ToUtc(new DateTime(2027, 3, 28, 2, 30, 0)));
        Assert.Equal(new DateTime(2027, 3, 28, 3, 30, 0), calendar.Local(calendar.ToUtc(new DateTime(2027, 3, 28, 2, 30, 0))));
        Assert.Equal(new DateTime(2027, 3, 28, 0, 59, 0, DateTimeKind.Utc), calendar.ToUtc(new DateTime(2027, 3, 28, 1, 59, 0)));
    }

    [Fact]
    public void A_local_time_that_occurs_twice_in_autumn_is_its_first_occurrence_in_summer_time()
    {
        var calendar = Amsterdam(DateTimeOffset.UnixEpoch);

        // 25 October 2026, 03:00 CEST becomes 02:00 CET: 02:30 happens twice, first at 00:30 UTC.
        Assert.Equal(new DateTime(2026, 10, 25, 0, 30, 0, DateTimeKind.Utc), calendar.ToUtc(new DateTime(2026, 10, 25, 2, 30, 0)));
        Assert.Equal(new DateTime(2026, 10, 25, 2, 30, 0, DateTimeKind.Utc), calendar.ToUtc(new DateTime(2026, 10, 25, 3, 30, 0)));
    }

    [Fact]
    public void A_local_day_starts_at_local_midnight_in_winter_and_in_summer()
    {
        var calendar = Amsterdam(DateTimeOffset.UnixEpoch);

        Assert.Equal(new DateTime(2026, 12, 31, 23, 0, 0, DateTimeKind.Utc), calendar.StartOf(new DateOnly(2027, 1, 1)));
        Assert.Equal(new DateTime(2027, 6, 30, 22, 0, 0, DateTimeKind.Utc), calendar.StartOf(new DateOnly(2027, 7, 1)));
        Assert.Equal(new DateOnly(2027, 3, 28), calendar.Date(new DateTime(2027, 3, 27, 23, 0, 0, DateTimeKind.Utc)));
    }
}
