using Pvi.Ndv.V1;
using Pvi.Overflow.V1;
using Pvi.WebConsole.Components.Shared;
using Pvi.WebConsole.Gateway;

namespace Pvi.WebConsole.Tests;

public sealed class ComponentTests : ConsoleTestContext
{
    [Fact]
    public void The_heat_map_shows_every_hour_of_the_week_with_its_number_and_the_busiest_hour_darkest()
    {
        var counts = new[]
        {
            new HourlyCount { Weekday = 1, Hour = 9, Calls = 10 },
            new HourlyCount { Weekday = 1, Hour = 10, Calls = 2 },
            new HourlyCount { Weekday = 7, Hour = 23, Calls = 5 },
        };

        var map = Render<HeatMapFigure>(p => p.Add(c => c.Counts, counts));

        var rows = map.FindAll("tbody tr");
        Assert.Equal(7, rows.Count);
        Assert.All(rows, row => Assert.Equal(24, row.QuerySelectorAll("td").Length));
        Assert.Equal("maandag", rows[0].QuerySelector("th")!.TextContent);
        Assert.Equal("zondag", rows[6].QuerySelector("th")!.TextContent);
        var monday = rows[0].QuerySelectorAll("td");
        Assert.Equal("10", monday[9].TextContent);
        Assert.Equal("heat-5", monday[9].ClassName);
        Assert.Equal("2", monday[10].TextContent);
        Assert.Equal("heat-1", monday[10].ClassName);
        Assert.Equal(string.Empty, monday[11].TextContent);
        Assert.Equal("heat-0", monday[11].ClassName);
        Assert.Equal("heat-3", rows[6].QuerySelectorAll("td")[23].ClassName);
    }

    [Fact]
    public void The_budget_picture_says_in_words_what_is_used_held_and_left()
    {
        var picture = Render<BudgetPicture>(p => p.Add(c => c.Budget, 36).Add(c => c.Used, 3.5).Add(c => c.Held, 4).Add(c => c.Left, 28.5));

        Assert.Equal(
            "Budget 36 uur: 3,5 uur gebruikt, 4 uur vastgehouden voor open aanbiedingen en aangenomen vragen, 28,5 uur over.",
            picture.Find("figcaption").TextContent.Trim());
        Assert.Equal(picture.Find("figcaption").Id, picture.Find("figure").GetAttribute("aria-labelledby"));
    }

    [Fact]
    public void A_field_violation_is_rendered_only_when_there_is_one_with_the_id_its_field_refers_to()
    {
        Assert.Empty(Render<FieldError>(p => p.Add(c => c.Id, "description-error")).Markup.Trim());

        var error = Render<FieldError>(p => p.Add(c => c.Id, "description-error").Add(c => c.Message, "is verplicht"));

        Assert.Equal("description-error", error.Find("p").Id);
        Assert.Equal("is verplicht", error.Find("p").TextContent);
    }

    [Fact]
    public void The_matched_members_card_shows_name_unit_contact_and_what_matched_in_Dutch()
    {
        var member = new MatchedMember { Name = "Youssef El Amrani", Unit = "AM", Email = "y@example.politie.nl", Phone = "+31 20 555 0101" };
        member.MatchedExpertise.Add(new ExpertiseTag { Code = "culture-moroccan", Category = "culture", LabelNl = "Marokkaanse cultuur", LabelEn = "Moroccan culture" });
        member.MatchedLanguages.Add("ar");

        var card = Render<MatchedMemberCard>(p => p.Add(c => c.Member, member));

        Assert.Equal("Youssef El Amrani", card.Find("#matched-member-name").TextContent);
        var facts = card.Find("dl").TextContent;
        Assert.Contains("Amsterdam", facts, StringComparison.Ordinal);
        Assert.Contains("y@example.politie.nl", facts, StringComparison.Ordinal);
        Assert.Contains("+31 20 555 0101", facts, StringComparison.Ordinal);
        Assert.Contains("Marokkaanse cultuur, Arabisch", facts, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExpertiseRequestStatus.Offered, "Aangeboden")]
    [InlineData(ExpertiseRequestStatus.Matched, "Gekoppeld")]
    [InlineData(ExpertiseRequestStatus.Unmatched, "Niemand beschikbaar")]
    [InlineData(ExpertiseRequestStatus.Cancelled, "Ingetrokken")]
    public void A_request_status_reads_in_Dutch(ExpertiseRequestStatus status, string dutch)
    {
        Assert.Contains(dutch, Render<RequestStatusChip>(p => p.Add(c => c.Status, status)).Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ended_session_offers_to_sign_in_again_and_a_failure_shows_only_its_reference()
    {
        var ended = Render<ProblemAlert>(p => p.Add(c => c.Problem, new CallProblem(ProblemKind.SessionEnded, "Uw sessie is verlopen.", new Dictionary<string, string>())));
        Assert.Equal("alert", ended.Find("div[role=alert]").GetAttribute("role"));
        Assert.Contains("Opnieuw aanmelden", ended.Find("button").TextContent, StringComparison.Ordinal);

        var failed = Render<ProblemAlert>(p => p.Add(c => c.Problem, new CallProblem(ProblemKind.Failed, "Er ging iets mis. Noem bij de servicedesk referentie 4bf92f35.", new Dictionary<string, string>(), "4bf92f35")));
        Assert.Empty(failed.FindAll("button"));
        Assert.Contains("4bf92f35", failed.Markup, StringComparison.Ordinal);

        Assert.Empty(Render<ProblemAlert>().Markup.Trim());
    }
}
