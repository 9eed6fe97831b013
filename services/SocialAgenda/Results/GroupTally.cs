using Pvi.SocialAgenda.Model;

namespace Pvi.SocialAgenda.Results;

/// <summary>The running sums of one group (a unit, or the country).</summary>
public sealed class GroupTally(int themes)
{
    public int Responses { get; set; }

    /// <summary>Indexed by <see cref="Dimension"/> (0 unused).</summary>
    public ScoreTally[] Dimensions { get; } = [new(), new(), new(), new()];

    public ScoreTally[] Themes { get; } = Enumerable.Range(0, themes).Select(_ => new ScoreTally()).ToArray();

    public ScoreTally Who5 { get; } = new();

    public int Who5Poor { get; set; }
}
