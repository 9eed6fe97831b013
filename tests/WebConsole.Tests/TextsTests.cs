using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Pvi.WebConsole.Localization;

namespace Pvi.WebConsole.Tests;

public sealed class TextsTests : ConsoleTestContext
{
    [Theory]
    [InlineData("no Roze in Blauw member free; the RSC of the caller's region (RT) is open with a free LGBTIQ+-trained operator", "Geen Roze in Blauw-lid vrij; het RSC van de regio van de beller (RT) is open met een vrije, LHBTIQ+-getrainde operator")]
    [InlineData("no Roze in Blauw member free; an open RSC with a free LGBTIQ+-trained operator (least loaded)", "Geen Roze in Blauw-lid vrij; een open RSC met een vrije, LHBTIQ+-getrainde operator (minst belast)")]
    [InlineData("a reason the console does not know yet", "a reason the console does not know yet")]
    public void A_routing_reason_reads_in_Dutch_and_an_unknown_one_as_the_service_said_it(string reason, string dutch)
    {
        Assert.Equal(dutch, ServiceTexts.RoutingReason(Texts, reason));
    }

    [Fact]
    public void Times_are_shown_in_Amsterdam_with_Dutch_formats_in_winter_and_in_summer()
    {
        Assert.Equal("1 december 2026 14:05", AmsterdamTime.DateTime(Timestamp.FromDateTime(new DateTime(2026, 12, 1, 13, 5, 0, DateTimeKind.Utc))));
        Assert.Equal("1 juli 2026 15:05", AmsterdamTime.DateTime(Timestamp.FromDateTime(new DateTime(2026, 7, 1, 13, 5, 0, DateTimeKind.Utc))));
        Assert.Equal("31 december 2026", AmsterdamTime.LastDay(Timestamp.FromDateTime(new DateTime(2026, 12, 31, 23, 0, 0, DateTimeKind.Utc))));
        Assert.Equal("3,5", AmsterdamTime.Hours(3.5));

        // An operator's list: the time alone today, the day with it before.
        var now = new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero);
        Assert.Equal("14:05:00", AmsterdamTime.Moment(Timestamp.FromDateTime(new DateTime(2026, 12, 1, 13, 5, 0, DateTimeKind.Utc)), now));
        Assert.Equal("28 november 14:05", AmsterdamTime.Moment(Timestamp.FromDateTime(new DateTime(2026, 11, 28, 13, 5, 0, DateTimeKind.Utc)), now));
        // 23:30 UTC on 1 December is already 2 December in Amsterdam.
        Assert.Equal("2 december 00:30", AmsterdamTime.Moment(Timestamp.FromDateTime(new DateTime(2026, 12, 1, 23, 30, 0, DateTimeKind.Utc)), now));
    }

    [Fact]
    public void Every_Dutch_text_has_an_English_one_and_none_is_empty()
    {
        // Dutch is the neutral resource; English its satellite.
        var dutch = Texts.GetAllStrings(includeParentCultures: true).ToDictionary(s => s.Name, s => s.Value);
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        var english = Texts.GetAllStrings(includeParentCultures: false).ToDictionary(s => s.Name, s => s.Value);

        Assert.NotEmpty(dutch);
        Assert.Empty(dutch.Keys.Except(english.Keys));
        Assert.Empty(english.Keys.Except(dutch.Keys));
        Assert.All(dutch.Concat(english), text => Assert.False(string.IsNullOrWhiteSpace(text.Value), $"{text.Key} has a text"));
    }
}
