using Pvi.NdvMatching.Matching;

namespace Pvi.NdvMatching.Tests;

/// <summary>services/NdvMatching/README.md, the ranking itself: coverage, then proximity, then fairness, then a fixed tie-break.</summary>
public sealed class CandidateRankingTests
{
    private static readonly RequestNeeds Needs = new("AM", ["mourning-rituals", "culture-moroccan"], ["ar"], ExpectedMinutes: 240);

    private static Candidate Member(string id, string unit = "AM", string[]? tags = null, string[]? languages = null, DateTime? last = null, int used = 0, int remaining = 1000) =>
        new(id, id, unit, tags ?? ["mourning-rituals"], languages ?? [], last, used, remaining);

    [Fact]
    public void Coverage_ranks_before_proximity_and_proximity_before_fairness()
    {
        var ranked = CandidateRanking.Rank(Needs,
        [
            Member("same-unit-one-tag"),
            Member("other-unit-all", unit: "RT", tags: ["mourning-rituals", "culture-moroccan"], languages: ["ar"], last: new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc)),
            Member("same-unit-two-tags", tags: ["mourning-rituals", "culture-moroccan"], last: new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc)),
            Member("other-unit-two-tags-never", unit: "RT", tags: ["mourning-rituals", "culture-moroccan"]),
        ]);

        Assert.Equal(["other-unit-all", "same-unit-two-tags", "other-unit-two-tags-never", "same-unit-one-tag"], ranked.Select(r => r.Candidate.MemberId));
        Assert.Equal([1, 2, 3, 4], ranked.Select(r => r.Rank));
        Assert.Equal(1.0, ranked[0].Coverage);
    }

    [Fact]
    public void Fairness_prefers_never_assigned_then_longest_ago_then_fewest_hours_used()
    {
        var april = new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc);
        var may = new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc);
        var ranked = CandidateRanking.Rank(Needs,
        [
            Member("may", last: may),
            Member("april-many-hours", last: april, used: 600),
            Member("april-few-hours", last: april, used: 60),
            Member("never", used: 900),
        ]);

        Assert.Equal(["never", "april-few-hours", "april-many-hours", "may"], ranked.Select(r => r.Candidate.MemberId));
    }

    [Fact]
    public void A_full_tie_is_broken_by_member_id_whatever_the_input_order()
    {
        string[] ids = ["ndv-0300", "ndv-0010", "ndv-0200", "ndv-0100"];

        var forward = CandidateRanking.Rank(Needs, ids.Select(id => Member(id)));
        var backward = CandidateRanking.Rank(Needs, ids.Reverse().Select(id => Member(id)));

        Assert.Equal(["ndv-0010", "ndv-0100", "ndv-0200", "ndv-0300"], forward.Select(r => r.Candidate.MemberId));
        Assert.Equal(forward.Select(r => r.Candidate.MemberId), backward.Select(r => r.Candidate.MemberId));
    }

    [Fact]
    public void Members_without_a_needed_tag_or_without_the_expected_hours_left_are_not_eligible()
    {
        var ranked = CandidateRanking.Rank(Needs,
        [
            Member("languages-only", tags: ["religion-islam"], languages: ["ar"]),
            Member("too-few-hours", remaining: 239),
            Member("exactly-enough", remaining: 240),
        ]);

        Assert.Equal(["exactly-enough"], ranked.Select(r => r.Candidate.MemberId));
    }

    [Fact]
    public void Each_proposal_says_why_it_ranks_where_it_does()
    {
        var ranked = Assert.Single(CandidateRanking.Rank(Needs, [Member("ndv-a", unit: "RT", tags: ["culture-moroccan"], languages: ["ar"], used: 90, remaining: 300)]));

        Assert.Equal(
            [
                "coverage: 2 of 3 (culture-moroccan, ar)",
                "proximity: other unit (RT)",
                "fairness: never assigned, 1.5 h used this period",
                "budget: 5 h left, 4 h expected",
            ],
            ranked.Reasons);
    }
}
