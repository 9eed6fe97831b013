namespace Pvi.SocialAgenda.Results;

/// <summary>
/// Which sibling groups may not show a figure: every group below the threshold, and then, as
/// long as what is hidden could be worked out from the total by subtraction (a single hidden
/// group with responses, or hidden groups together below the threshold), the next-smallest shown
/// sibling too.
/// </summary>
public static class Suppression
{
    public static HashSet<string> Apply(IReadOnlyDictionary<string, int> sizes, int threshold)
    {
        var suppressed = sizes.Where(group => group.Value < threshold).Select(group => group.Key).ToHashSet(StringComparer.Ordinal);
        while (true)
        {
            var hidden = suppressed.Where(group => sizes[group] > 0).ToList();
            if (hidden.Count == 0 || (hidden.Count >= 2 && hidden.Sum(group => sizes[group]) >= threshold))
            {
                return suppressed;
            }

            var next = sizes.Where(group => !suppressed.Contains(group.Key))
                .OrderBy(group => group.Value).ThenBy(group => group.Key, StringComparer.Ordinal)
                .Select(group => group.Key).FirstOrDefault();
            if (next is null)
            {
                return suppressed;
            }

            suppressed.Add(next);
        }
    }
}
