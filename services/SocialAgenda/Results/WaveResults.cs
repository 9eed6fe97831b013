using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Pvi.SocialAgenda.Infrastructure;
using Pvi.Survey.V1;

namespace Pvi.SocialAgenda.Results;

/// <summary>The results of a wave: the national picture and every unit, with suppression applied.</summary>
public sealed record WaveResults(GroupResults National, IReadOnlyDictionary<string, GroupResults> Units)
{
    /// <summary>The group's results as stored in a snapshot ("" is the national picture).</summary>
    public static string Serialize(GroupResults results) => JsonFormatter.Default.Format(results);

    public static GroupResults Deserialize(string json) => JsonParser.Default.Parse<GroupResults>(json);

    /// <summary>
    /// Builds the results from the tallies. Each figure is suppressed across the sibling units on
    /// its own number of respondents, and everything of a unit whose responses are suppressed is
    /// hidden; what was hidden in either way is never put in the result.
    /// </summary>
    public static WaveResults Build(
        InstrumentScoring scoring, IReadOnlyDictionary<string, GroupTally> units, GroupTally national, Thresholds thresholds,
        IReadOnlyDictionary<string, GroupResults> previous)
    {
        var k = thresholds.Score;
        var hiddenUnits = Suppression.Apply(units.ToDictionary(u => u.Key, u => u.Value.Responses), k);
        HashSet<string> Hidden(Func<GroupTally, int> size)
        {
            var hidden = Suppression.Apply(units.ToDictionary(u => u.Key, u => size(u.Value)), k);
            hidden.UnionWith(hiddenUnits);
            return hidden;
        }

        var hiddenDimensions = Enumerable.Range(0, 4).Select(d => Hidden(t => t.Dimensions[d].Count)).ToArray();
        var hiddenWho5 = Hidden(t => t.Who5.Count);
        var hiddenThemes = Enumerable.Range(0, scoring.Themes.Length).Select(i => Hidden(t => t.Themes[i].Count)).ToArray();

        GroupResults Group(string unit, GroupTally tally, Func<HashSet<string>, bool> isHidden)
        {
            previous.TryGetValue(unit, out var before);
            var results = new GroupResults { Unit = unit, Suppressed = isHidden(hiddenUnits) };
            if (!results.Suppressed)
            {
                results.Responses = tally.Responses;
            }

            for (var d = 1; d <= 3; d++)
            {
                var score = Score(tally.Dimensions[d], isHidden(hiddenDimensions[d]));
                var earlier = before?.Dimensions.FirstOrDefault(x => (int)x.Dimension == d)?.Score;
                if (!score.Suppressed && earlier is { Suppressed: false, Respondents: > 0 })
                {
                    score.Change = Math.Round(score.Mean - earlier.Mean, 1);
                }

                results.Dimensions.Add(new DimensionScore { Dimension = (Dimension)d, Score = score });
            }

            if (scoring.HasWho5)
            {
                results.Who5 = Who5(tally, isHidden(hiddenWho5), before?.Who5);
            }

            results.LowestThemes.AddRange(Enumerable.Range(0, scoring.Themes.Length)
                .Where(i => tally.Themes[i].Count > 0 && !isHidden(hiddenThemes[i]))
                .Select(i => new ThemeScore
                {
                    Theme = scoring.Themes[i],
                    Dimension = (Dimension)scoring.ThemeDimensions[i],
                    Mean = Math.Round(tally.Themes[i].Mean, 1),
                    Respondents = tally.Themes[i].Count,
                })
                .OrderBy(t => t.Mean).ThenBy(t => t.Theme, StringComparer.Ordinal)
                .Take(3));
            return results;
        }

        var unitResults = units.ToDictionary(u => u.Key, u => Group(u.Key, u.Value, hidden => hidden.Contains(u.Key)), StringComparer.Ordinal);
        var nationalResults = Group(string.Empty, national, _ => national.Responses < k);
        return new WaveResults(nationalResults, unitResults);

        Score Score(ScoreTally tally, bool hidden)
        {
            if (hidden || tally.Count < k)
            {
                return new Score { Suppressed = true };
            }

            var score = new Score { Respondents = tally.Count, Mean = Math.Round(tally.Mean, 1), Distribution = new Distribution() };
            score.Distribution.Counts.AddRange(tally.Bins);
            return score;
        }

        Who5Score Who5(GroupTally tally, bool hidden, Who5Score? before)
        {
            if (hidden || tally.Who5.Count < k)
            {
                return new Who5Score { Suppressed = true };
            }

            var who5 = new Who5Score
            {
                Respondents = tally.Who5.Count,
                IndexMean = Math.Round(tally.Who5.Mean, 1),
                SharePoor = Math.Round((double)tally.Who5Poor / tally.Who5.Count, 3),
            };
            if (before is { Suppressed: false, Respondents: > 0 })
            {
                who5.Change = Math.Round(who5.IndexMean - before.IndexMean, 1);
                who5.NotableChange = Math.Abs(who5.Change) >= 10;
            }

            return who5;
        }
    }

    /// <summary>Computes the results of a wave from its stored responses.</summary>
    public static async Task<WaveResults> ComputeAsync(SurveyDbContext db, Model.Wave wave, Thresholds thresholds, CancellationToken cancellationToken)
    {
        var instrument = await db.Instruments.AsNoTracking().SingleAsync(i => i.Id == wave.InstrumentId, cancellationToken);
        var scoring = new InstrumentScoring(instrument.Questions);
        var units = (await db.WaveUnits.AsNoTracking().Where(u => u.WaveId == wave.Id).Select(u => u.Unit).ToListAsync(cancellationToken))
            .ToDictionary(u => u, _ => scoring.NewTally(), StringComparer.Ordinal);
        var national = scoring.NewTally();
        var values = new int[instrument.Questions.Count];
        await foreach (var response in db.Responses.AsNoTracking().Where(r => r.WaveId == wave.Id)
            .Select(r => new { r.Unit, r.Answers }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (!units.TryGetValue(response.Unit, out var tally))
            {
                units[response.Unit] = tally = scoring.NewTally();
            }

            InstrumentScoring.Decode(response.Answers, values);
            scoring.Add(tally, values);
            scoring.Add(national, values);
        }

        var previousWave = await db.Waves.AsNoTracking()
            .Where(w => w.Year < wave.Year && w.State == Model.WaveState.Closed)
            .OrderByDescending(w => w.Year).Select(w => w.Id).FirstOrDefaultAsync(cancellationToken);
        var previous = previousWave is null
            ? new Dictionary<string, GroupResults>()
            : (await db.Results.AsNoTracking().Where(r => r.WaveId == previousWave).ToListAsync(cancellationToken))
                .ToDictionary(r => r.Unit, r => Deserialize(r.Results), StringComparer.Ordinal);
        return Build(scoring, units, national, thresholds, previous);
    }
}
