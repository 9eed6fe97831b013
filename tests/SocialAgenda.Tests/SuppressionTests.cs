using Pvi.SocialAgenda.Model;
using Pvi.SocialAgenda.Results;

namespace Pvi.SocialAgenda.Tests;

/// <summary>The suppression and scoring rules on crafted groups, without a service.</summary>
public sealed class SuppressionTests
{
    private static HashSet<string> Apply(int threshold, params (string Unit, int Size)[] units) =>
        Suppression.Apply(units.ToDictionary(u => u.Unit, u => u.Size), threshold);

    [Fact]
    public void Groups_of_five_or_more_are_shown_when_no_sibling_is_hidden()
    {
        Assert.Empty(Apply(5, ("AM", 5), ("RT", 40), ("DH", 12)));
    }

    [Fact]
    public void A_single_hidden_group_takes_the_next_smallest_sibling_with_it_so_the_total_gives_nothing_away()
    {
        // National minus the shown units would otherwise be exactly DH's 3 people.
        Assert.Equal(["DH", "NN"], Apply(5, ("AM", 60), ("RT", 40), ("NN", 9), ("DH", 3)).Order());
    }

    [Fact]
    public void Hidden_groups_that_together_stay_below_the_threshold_take_the_next_smallest_too()
    {
        // DH (2) and ON (1) together are 3 people: still a small group by subtraction.
        Assert.Equal(["DH", "NN", "ON"], Apply(5, ("AM", 60), ("NN", 7), ("DH", 2), ("ON", 1)).Order());
    }

    [Fact]
    public void Two_hidden_groups_that_together_reach_the_threshold_are_enough()
    {
        Assert.Equal(["DH", "ON"], Apply(5, ("AM", 60), ("NN", 7), ("DH", 3), ("ON", 4)).Order());
    }

    [Fact]
    public void Groups_without_responses_reveal_nothing_and_take_no_sibling()
    {
        Assert.Equal(["ON"], Apply(5, ("AM", 60), ("NN", 7), ("ON", 0)));
    }

    [Fact]
    public void Ties_for_the_next_smallest_are_broken_by_unit_code_so_the_result_is_stable()
    {
        Assert.Equal(["DH", "MN"], Apply(5, ("RT", 8), ("MN", 8), ("DH", 1)).Order());
    }

    [Fact]
    public void A_raised_threshold_hides_more()
    {
        Assert.Empty(Apply(5, ("AM", 6), ("RT", 7)));
        Assert.Equal(["AM", "RT"], Apply(8, ("AM", 6), ("RT", 7)).Order());
    }

    [Fact]
    public void WHO5_index_is_the_raw_sum_times_four_and_raw_below_13_is_poor()
    {
        var questions = Enumerable.Range(1, 5)
            .Select(i => new QuestionDefinition { Id = $"who5-{i}", Dimension = Dimension.Mental, Theme = "well-being", Text = "x", ScaleMin = 0, ScaleMax = 5, Who5 = true })
            .ToList();
        var scoring = new InstrumentScoring(questions);
        var tally = scoring.NewTally();
        scoring.Add(tally, [3, 3, 3, 2, 1]);  // raw 12: index 48, poor
        scoring.Add(tally, [3, 3, 3, 2, 2]);  // raw 13: index 52, not poor
        scoring.Add(tally, [5, 5, 5, 5, 5]);  // raw 25: index 100

        Assert.Equal((3, (48 + 52 + 100) / 3.0, 1), (tally.Who5.Count, tally.Who5.Mean, tally.Who5Poor));
        // The mental dimension on 0-100 equals the index for a person who answered WHO-5 only.
        Assert.Equal(tally.Who5.Mean, tally.Dimensions[(int)Dimension.Mental].Mean, 6);
    }

    [Fact]
    public void An_incomplete_WHO5_gives_no_index()
    {
        var questions = Enumerable.Range(1, 5)
            .Select(i => new QuestionDefinition { Id = $"who5-{i}", Dimension = Dimension.Mental, Theme = "well-being", Text = "x", ScaleMin = 0, ScaleMax = 5, Who5 = true })
            .ToList();
        var scoring = new InstrumentScoring(questions);
        var tally = scoring.NewTally();
        scoring.Add(tally, [3, 3, -1, 2, 1]);

        Assert.Equal((0, 1), (tally.Who5.Count, tally.Dimensions[(int)Dimension.Mental].Count));
    }

    [Fact]
    public void A_reversed_item_is_mirrored_and_every_scale_is_put_on_0_to_100()
    {
        var question = new QuestionDefinition { Id = "q", Dimension = Dimension.Moral, Theme = "t", Text = "x", ScaleMin = 1, ScaleMax = 5 };
        Assert.Equal((0, 50, 100), (InstrumentScoring.Normalize(question, 1), InstrumentScoring.Normalize(question, 3), InstrumentScoring.Normalize(question, 5)));
        Assert.Equal(75, InstrumentScoring.Normalize(question with { Reversed = true }, 2));
    }

    [Fact]
    public void Stored_answers_read_back_as_written_with_gaps_for_unanswered_questions()
    {
        var encoded = InstrumentScoring.Encode([3, null, 10, 0, null]);
        Span<int> values = stackalloc int[5];
        InstrumentScoring.Decode(encoded, values);
        Assert.Equal("3,,10,0,", encoded);
        Assert.Equal([3, -1, 10, 0, -1], values.ToArray());
    }
}
