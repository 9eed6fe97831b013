using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Errors;
using Pvi.SocialAgenda.Infrastructure;
using Pvi.SocialAgenda.Model;
using Pvi.SocialAgenda.Results;

namespace Pvi.SocialAgenda.Responses;

/// <summary>
/// Holds new responses back until their unit has a batch of them, then moves the batch into the
/// response table under new random ids, in random order, with the day of the release. So neither
/// an id nor the order of the rows nor the day tells which of a batch's tokens gave which answers.
/// </summary>
public static class ResponsePool
{
    /// <summary>
    /// Spends the invitation and adds its answers to the unit's pool; a full batch is released.
    /// Runs in a unit of work under the wave's lock (shared by submissions). The token is spent by its
    /// key: a spent token's key is there already, so the whole unit of work is refused and nothing of
    /// it stays. A pool that looks full is taken alone, counted again and released, so a batch is released once.
    /// </summary>
    public static async Task AddAsync(
        SurveyDbContext db, string waveId, string unit, string tokenHash, int?[] values, IEnumerable<(string QuestionId, string Text)> comments,
        int batchSize, DateOnly today, CancellationToken cancellationToken)
    {
        db.SpentInvitations.Add(new SpentInvitation { TokenHash = tokenHash });
        db.PendingResponses.Add(new PendingResponse { Id = Guid.NewGuid().ToString(), WaveId = waveId, Unit = unit, Answers = InstrumentScoring.Encode(values) });
        db.PendingComments.AddRange(comments.Select(c => new PendingComment { Id = Guid.NewGuid().ToString(), WaveId = waveId, Unit = unit, QuestionId = c.QuestionId, Text = c.Text }));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (OptimisticConcurrency.IsUniqueViolation(ex))
        {
            throw NotValid();
        }

        // Counted once without the pool's lock: only a pool that looks full is taken alone and
        // counted again. Two submissions racing to the last place may each see one short, and the
        // batch goes with the next submission or the wave's closing instead, never smaller.
        if (await PendingCount.For(db)(db, waveId, unit, cancellationToken) < batchSize)
        {
            return;
        }

        await db.LockDecisionAsync(PoolDecision + waveId + "." + unit, cancellationToken);
        if (await PendingCount.For(db)(db, waveId, unit, cancellationToken) >= batchSize)
        {
            await ReleaseAsync(db, waveId, unit, today, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static readonly CompiledQuery<Func<SurveyDbContext, string, string, CancellationToken, Task<int>>> PendingCount =
        new(() => EF.CompileAsyncQuery((SurveyDbContext db, string waveId, string unit, CancellationToken _) => db.PendingResponses.Count(p => p.WaveId == waveId && p.Unit == unit)));

    /// <summary>The prefix of a unit's pool of a wave (<see cref="DecisionLocks"/>), followed by the wave's id, a dot and the unit.</summary>
    private const string PoolDecision = "pvi.survey.pool.";

    /// <summary>One answer for an unknown and a spent token: which of the two is never told.</summary>
    public static PermissionDeniedException NotValid() =>
        new("INVITATION_NOT_VALID", "This invitation token cannot be used: it is unknown or was used already.");

    /// <summary>Releases the pending responses of the wave (of one unit, or all at closing) into the response table.</summary>
    public static async Task<int> ReleaseAsync(SurveyDbContext db, string waveId, string? unit, DateOnly day, CancellationToken cancellationToken)
    {
        var responses = await PendingResponsesOf.For(db)(db, waveId, unit).ToArrayAsync(cancellationToken);
        var comments = await PendingCommentsOf.For(db)(db, waveId, unit).ToArrayAsync(cancellationToken);
        RandomNumberGenerator.Shuffle(responses.AsSpan());
        RandomNumberGenerator.Shuffle(comments.AsSpan());
        db.Responses.AddRange(responses.Select(p => new SurveyResponse { Id = Guid.NewGuid().ToString(), WaveId = p.WaveId, Unit = p.Unit, Day = day, Answers = p.Answers }));
        db.Comments.AddRange(comments.Select(p => new SurveyComment { Id = Guid.NewGuid().ToString(), WaveId = p.WaveId, Unit = p.Unit, QuestionId = p.QuestionId, Text = p.Text }));
        db.PendingResponses.RemoveRange(responses);
        db.PendingComments.RemoveRange(comments);
        return responses.Length;
    }

    /// <summary>The pending responses of the wave, of one unit or (null) all, tracked: moved by <see cref="ReleaseAsync"/>.</summary>
    private static readonly CompiledQuery<Func<SurveyDbContext, string, string?, IAsyncEnumerable<PendingResponse>>> PendingResponsesOf =
        new(() => EF.CompileAsyncQuery((SurveyDbContext db, string waveId, string? unit) =>
            db.PendingResponses.Where(p => p.WaveId == waveId && (unit == null || p.Unit == unit))));

    /// <summary>The pending comments of the wave, of one unit or (null) all, tracked.</summary>
    private static readonly CompiledQuery<Func<SurveyDbContext, string, string?, IAsyncEnumerable<PendingComment>>> PendingCommentsOf =
        new(() => EF.CompileAsyncQuery((SurveyDbContext db, string waveId, string? unit) =>
            db.PendingComments.Where(p => p.WaveId == waveId && (unit == null || p.Unit == unit))));
}
