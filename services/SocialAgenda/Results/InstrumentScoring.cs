using System.Globalization;
using Pvi.SocialAgenda.Model;

namespace Pvi.SocialAgenda.Results;

/// <summary>
/// How the answers of an instrument become scores. Every scale answer is put on 0-100
/// ((value - min) / (max - min), mirrored for a reversed item); a person's dimension and theme
/// scores are the means of their answered items. WHO-5: the raw score is the sum of the five
/// items (0-25), the index raw times 4 (0-100), and raw below 13 is poor well-being; it is
/// reported per group only.
/// </summary>
public sealed class InstrumentScoring
{
    public const int Who5Items = 5;
    public const int Who5PoorBelow = 13;
    public const int Bins = 5;

    private readonly QuestionDefinition[] _questions;
    private readonly int[] _themeOf;
    private readonly int[] _who5;

    public InstrumentScoring(IReadOnlyList<QuestionDefinition> questions)
    {
        _questions = [.. questions];
        Themes = questions.Where(q => q.Kind == QuestionKind.Scale).Select(q => q.Theme).Distinct(StringComparer.Ordinal).ToArray();
        ThemeDimensions = Themes.Select(theme => questions.First(q => q.Kind == QuestionKind.Scale && q.Theme == theme).Dimension).ToArray();
        _themeOf = questions.Select(q => q.Kind == QuestionKind.Scale ? Array.IndexOf(Themes, q.Theme) : -1).ToArray();
        _who5 = questions.Select((q, i) => (q, i)).Where(x => x.q.Who5).Select(x => x.i).ToArray();
    }

    public IReadOnlyList<QuestionDefinition> Questions => _questions;

    public string[] Themes { get; }

    public Dimension[] ThemeDimensions { get; }

    public bool HasWho5 => _who5.Length == Who5Items;

    /// <summary>The stored form of a response's scale answers: one entry per question, empty when not answered.</summary>
    public static string Encode(IReadOnlyList<int?> values) =>
        string.Join(',', values.Select(v => v?.ToString(CultureInfo.InvariantCulture) ?? string.Empty));

    /// <summary>Reads the stored form into <paramref name="values"/> (-1 for not answered).</summary>
    public static void Decode(ReadOnlySpan<char> answers, Span<int> values)
    {
        values.Fill(-1);
        var index = 0;
        var value = -1;
        foreach (var c in answers)
        {
            if (c == ',')
            {
                if (index < values.Length)
                {
                    values[index] = value;
                }

                index++;
                value = -1;
            }
            else
            {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
            }
        }

        if (index < values.Length)
        {
            values[index] = value;
        }
    }

    /// <summary>Adds one response to a group's tally.</summary>
    public void Add(GroupTally tally, ReadOnlySpan<int> values)
    {
        Span<double> dimensionSum = stackalloc double[4];
        Span<int> dimensionCount = stackalloc int[4];
        Span<double> themeSum = stackalloc double[Themes.Length];
        Span<int> themeCount = stackalloc int[Themes.Length];
        for (var i = 0; i < _questions.Length && i < values.Length; i++)
        {
            var question = _questions[i];
            if (question.Kind != QuestionKind.Scale || values[i] < 0)
            {
                continue;
            }

            var score = Normalize(question, values[i]);
            dimensionSum[(int)question.Dimension] += score;
            dimensionCount[(int)question.Dimension]++;
            themeSum[_themeOf[i]] += score;
            themeCount[_themeOf[i]]++;
        }

        tally.Responses++;
        for (var d = 1; d <= 3; d++)
        {
            if (dimensionCount[d] > 0)
            {
                tally.Dimensions[d].Add(dimensionSum[d] / dimensionCount[d]);
            }
        }

        for (var t = 0; t < Themes.Length; t++)
        {
            if (themeCount[t] > 0)
            {
                tally.Themes[t].Add(themeSum[t] / themeCount[t]);
            }
        }

        if (HasWho5)
        {
            var raw = 0;
            foreach (var i in _who5)
            {
                if (values[i] < 0)
                {
                    return;
                }

                raw += values[i];
            }

            tally.Who5.Add(raw * 4);
            if (raw < Who5PoorBelow)
            {
                tally.Who5Poor++;
            }
        }
    }

    public GroupTally NewTally() => new(Themes.Length);

    public static double Normalize(QuestionDefinition question, int value)
    {
        var score = (value - question.ScaleMin) * 100.0 / (question.ScaleMax - question.ScaleMin);
        return question.Reversed ? 100 - score : score;
    }
}
