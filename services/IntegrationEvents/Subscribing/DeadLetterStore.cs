using Microsoft.EntityFrameworkCore;
using Pvi.IntegrationEvents.Model;
using Pvi.ServiceData;

namespace Pvi.IntegrationEvents.Subscribing;

/// <summary>The dead letters of a service: listed for the people who fix the cause, replayed once it is fixed.</summary>
public sealed class DeadLetterStore<TContext>(TContext db, HandlerRegistry handlers, IIntegrationEventDispatcher dispatcher, TimeProvider time)
    where TContext : DbContext
{
    /// <summary>Dead letters not replayed yet, oldest first.</summary>
    public Task<List<DeadLetter>> ListAsync(int max, CancellationToken cancellationToken) =>
        db.Set<DeadLetter>().AsNoTracking().Where(d => d.ReplayedAt == null).OrderBy(d => d.DeadLetteredAt).Take(max).ToListAsync(cancellationToken);

    /// <summary>Runs the message's handler again; true when it was applied (or had been).</summary>
    public async Task<bool> ReplayAsync(Guid id, CancellationToken cancellationToken)
    {
        var letter = await db.Set<DeadLetter>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken)
            ?? throw new KeyNotFoundException($"No dead letter {id}.");
        var handler = handlers.ForEventType(letter.EventType)
            ?? throw new InvalidOperationException($"No handler of {letter.EventType} in this service.");

        await db.RunAsync(
            ct => db.Set<HandlerAttempt>().Where(a => a.MessageId == letter.MessageId && a.Handler == handler.Handler).ExecuteDeleteAsync(ct),
            cancellationToken).ConfigureAwait(false);
        var context = new IntegrationEventContext(letter.MessageId, letter.EventType, letter.Subject, null);
        var status = await dispatcher.DispatchAsync(handler, letter.Data, context, cancellationToken).ConfigureAwait(false);
        var applied = await db.Set<ProcessedMessage>().AsNoTracking()
            .AnyAsync(p => p.MessageId == letter.MessageId && p.Handler == handler.Handler, cancellationToken).ConfigureAwait(false);
        if (status == DeliveryStatus.Success && applied)
        {
            var now = time.GetUtcNow().UtcDateTime;
            await db.RunAsync(
                ct => db.Set<DeadLetter>().Where(d => d.Id == id).ExecuteUpdateAsync(set => set.SetProperty(d => d.ReplayedAt, now), ct),
                cancellationToken).ConfigureAwait(false);
            return true;
        }

        return false;
    }
}
