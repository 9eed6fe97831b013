using System.Globalization;

namespace Pvi.NdvMatching.Matching;

/// <summary>
/// services/NdvMatching/README.md: eligible are members who cover at least one needed expertise and have the
/// expected hours left in their budget; they rank by coverage, then proximity (same unit first),
/// then fairness (longest since the last assignment, never first; then fewest hours used this
/// period); a tie is broken by member id, so the same data always gives the same order.
/// </summary>
public static class CandidateRanking
{
    public static IReadOnlyList<RankedCandidate> Rank(RequestNeeds needs, IEnumerable<Candidate> candidates)
    {
        var needed = needs.Expertise.Count + needs.Languages.Count;
        var scored = new List<(Candidate Candidate, List<string> Expertise, List<string> Languages, bool SameUnit)>();
        foreach (var candidate in candidates)
        {
            if (candidate.RemainingMinutes < needs.ExpectedMinutes)
            {
                continue;
            }

            var expertise = needs.Expertise.Where(candidate.Expertise.Contains).ToList();
            if (expertise.Count == 0)
            {
                continue;
            }

            var languages = needs.Languages.Where(candidate.Languages.Contains).ToList();
            scored.Add((candidate, expertise, languages, string.Equals(candidate.HomeUnit, needs.Unit, StringComparison.Ordinal)));
        }

        // One request has one denominator, so covered counts order exactly as coverage shares do.
        var ordered = scored
            .OrderByDescending(s => s.Expertise.Count + s.Languages.Count)
            .ThenByDescending(s => s.SameUnit)
            .ThenBy(s => s.Candidate.LastAssignedAt ?? DateTime.MinValue)
            .ThenBy(s => s.Candidate.UsedMinutes)
            .ThenBy(s => s.Candidate.MemberId, StringComparer.Ordinal);

        return ordered.Select((s, index) => new RankedCandidate(
            index + 1,
            s.Candidate,
            needed == 0 ? 0 : (double)(s.Expertise.Count + s.Languages.Count) / needed,
            s.Expertise,
            s.Languages,
            s.SameUnit,
            Reasons(needs, s.Candidate, s.Expertise, s.Languages, s.SameUnit, needed))).ToList();
    }

    private static List<string> Reasons(RequestNeeds needs, Candidate candidate, List<string> expertise, List<string> languages, bool sameUnit, int needed)
    {
        var covered = string.Join(", ", expertise.Concat(languages));
        return
        [
            $"coverage: {expertise.Count + languages.Count} of {needed} ({covered})",
            sameUnit ? $"proximity: same unit ({needs.Unit})" : $"proximity: other unit ({candidate.HomeUnit})",
            candidate.LastAssignedAt is { } last
                ? $"fairness: last assignment {last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, {Hours(candidate.UsedMinutes)} h used this period"
                : $"fairness: never assigned, {Hours(candidate.UsedMinutes)} h used this period",
            $"budget: {Hours(candidate.RemainingMinutes)} h left, {Hours(needs.ExpectedMinutes)} h expected",
        ];
    }

    private static string Hours(int minutes) => (minutes / 60.0).ToString("0.##", CultureInfo.InvariantCulture);
}
