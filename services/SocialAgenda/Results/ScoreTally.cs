namespace Pvi.SocialAgenda.Results;

/// <summary>Count, sum and the distribution over the fifths of 0-100 of one score.</summary>
public sealed class ScoreTally
{
    public int Count { get; private set; }

    public double Sum { get; private set; }

    public int[] Bins { get; } = new int[InstrumentScoring.Bins];

    public double Mean => Count == 0 ? 0 : Sum / Count;

    public void Add(double score)
    {
        Count++;
        Sum += score;
        Bins[Math.Min(InstrumentScoring.Bins - 1, (int)(score / (100.0 / InstrumentScoring.Bins)))]++;
    }
}
