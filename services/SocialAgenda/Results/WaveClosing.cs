using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Pvi.IntegrationEvents.Publishing;
using Pvi.SocialAgenda.Infrastructure;
using Pvi.SocialAgenda.Responses;
using Pvi.Survey.V1;
using Model = Pvi.SocialAgenda.Model;
using Pvi.ServiceDefaults.Time;

namespace Pvi.SocialAgenda.Results;

/// <summary>
/// Closes a wave: the last pending responses are released, the results computed with the
/// configured thresholds and kept as the published snapshot, and the wave's events written to
/// the outbox, all in the caller's transaction (which holds the wave's lock).
/// </summary>
public sealed class WaveClosing(SurveyDbContext db, SurveyOptions options, LocalCalendar calendar, IOutbox outbox, TimeProvider time)
{
    public Thresholds Thresholds => new(options.ScoreThreshold, options.CommentThreshold);

    public async Task<WaveResults> CloseAsync(Model.Wave wave, CancellationToken cancellationToken)
    {
        await ResponsePool.ReleaseAsync(db, wave.Id, unit: null, calendar.Today, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        var results = await WaveResults.ComputeAsync(db, wave, Thresholds, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        wave.State = Model.WaveState.Closed;
        wave.ClosedAt = now;
        wave.Responses = await db.Responses.CountAsync(r => r.WaveId == wave.Id, cancellationToken);
        wave.ScoreThreshold = options.ScoreThreshold;
        wave.CommentThreshold = options.CommentThreshold;
        wave.Revision++;
        db.Results.Add(new Model.ResultSnapshot { WaveId = wave.Id, Unit = string.Empty, Results = WaveResults.Serialize(results.National) });
        outbox.Enqueue(wave.Id, new WaveClosed { WaveId = wave.Id, Year = wave.Year, Responses = wave.Responses, CloseTime = Timestamp.FromDateTime(now) });
        foreach (var (unit, group) in results.Units.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            db.Results.Add(new Model.ResultSnapshot { WaveId = wave.Id, Unit = unit, Results = WaveResults.Serialize(group) });
            outbox.Enqueue(wave.Id, Published(wave, group));
        }

        await db.SaveChangesAsync(cancellationToken);
        return results;
    }

    /// <summary>The event of a unit's results: only what passed suppression.</summary>
    public static UnitResultsPublished Published(Model.Wave wave, GroupResults group)
    {
        var published = new UnitResultsPublished { WaveId = wave.Id, Year = wave.Year, Unit = group.Unit, Suppressed = group.Suppressed, Responses = group.Responses };
        published.Dimensions.AddRange(group.Dimensions.Where(d => !d.Score.Suppressed).Select(d =>
        {
            var score = new PublishedScore { Dimension = d.Dimension.ToString().ToLowerInvariant(), Mean = d.Score.Mean, Respondents = d.Score.Respondents };
            if (d.Score.HasChange)
            {
                score.Change = d.Score.Change;
            }

            return score;
        }));
        if (group.Who5 is { Suppressed: false } who5)
        {
            published.Who5IndexMean = who5.IndexMean;
            published.Who5SharePoor = who5.SharePoor;
        }

        published.LowestThemes.AddRange(group.LowestThemes.Select(t => t.Theme));
        return published;
    }
}
