using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Pvi.IntegrationEvents.Model;
using Pvi.ServiceData;

namespace Pvi.IntegrationEvents.Subscribing;

/// <summary>
/// Runs a handler exactly once in effect: the processed-messages row is written in the same
/// transaction as the handler's changes. A failure is retried by the sender up to
/// <see cref="EventsSettings.MaxHandlerAttempts"/>; then the message goes to the dead letters and
/// is acknowledged, so it never blocks the messages behind it.
/// </summary>
public sealed partial class IntegrationEventDispatcher<TContext>(
    TContext db, IServiceProvider services, EventsSettings settings, TimeProvider time, ILogger<IntegrationEventDispatcher<TContext>> logger)
    : IIntegrationEventDispatcher
    where TContext : DbContext
{
    public async Task<string> DispatchAsync(
        HandlerRegistration handler, string data, IntegrationEventContext context, CancellationToken cancellationToken)
    {
        if (await IsProcessedAsync(handler, context, cancellationToken).ConfigureAwait(false))
        {
            IntegrationEventsTelemetry.Duplicates.Add(1, new KeyValuePair<string, object?>("topic", handler.Topic));
            return DeliveryStatus.Success;
        }

        try
        {
            // A unit of work like any other write: a row that another writer changed meanwhile (a user
            // at work on the same aggregate) makes the handler run again on fresh state, not fail.
            // The handler's changes and the mark that it handled the message commit together. A
            // concurrent delivery of the same message may have been applied since the look above
            // (on SQLite in the same group of units of work, not committed yet): looked at again inside.
            var applied = await db.RunAsync(async ct =>
            {
                if (await IsProcessedAsync(handler, context, ct).ConfigureAwait(false))
                {
                    return false;
                }

                await handler.Invoke(services, data, context, ct).ConfigureAwait(false);
                db.Set<ProcessedMessage>().Add(new ProcessedMessage
                {
                    MessageId = context.Id,
                    Handler = handler.Handler,
                    ProcessedAt = time.GetUtcNow().UtcDateTime,
                });
                await db.SaveChangesAsync(ct).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);

            var outcome = applied ? IntegrationEventsTelemetry.Handled : IntegrationEventsTelemetry.Duplicates;
            outcome.Add(1, new KeyValuePair<string, object?>("topic", handler.Topic));
            return DeliveryStatus.Success;
        }
        catch (DbUpdateException ex)
        {
            if (await WasProcessedMeanwhileAsync(handler, context, cancellationToken).ConfigureAwait(false))
            {
                // The same event was applied by a concurrent delivery that committed first.
                IntegrationEventsTelemetry.Duplicates.Add(1, new KeyValuePair<string, object?>("topic", handler.Topic));
                return DeliveryStatus.Success;
            }

            return await RecordFailureAsync(handler, data, context, ex, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidProtocolBufferException ex)
        {
            db.ChangeTracker.Clear();
            await StoreDeadLetterAsync(data, context, $"Unreadable {context.Type}: {ex.Message}", cancellationToken).ConfigureAwait(false);
            return DeliveryStatus.Success;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            return await RecordFailureAsync(handler, data, context, ex, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StoreDeadLetterAsync(string data, IntegrationEventContext context, string reason, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await db.RunAsync(async ct =>
        {
            db.Set<DeadLetter>().Add(NewDeadLetter(data, context, reason));
            return await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        IntegrationEventsTelemetry.DeadLetters.Add(1, new KeyValuePair<string, object?>("type", context.Type));
        LogDeadLettered(logger, context.Type, context.Id, reason);
    }

    private DeadLetter NewDeadLetter(string data, IntegrationEventContext context, string reason) => new()
    {
        Id = Guid.CreateVersion7(),
        MessageId = context.Id,
        EventType = context.Type,
        Subject = context.Subject,
        Data = data,
        Reason = reason.Length > 2000 ? reason[..2000] : reason,
        DeadLetteredAt = time.GetUtcNow().UtcDateTime,
    };

    /// <summary>
    /// Counts the failed attempt; the last one moves the message to the dead letters in the same
    /// unit of work, so that it is either still to be retried or dead-lettered, never lost.
    /// </summary>
    private async Task<string> RecordFailureAsync(
        HandlerRegistration handler, string data, IntegrationEventContext context, Exception failure, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var error = $"{failure.GetType().Name}: {failure.Message}";
        error = error.Length > 2000 ? error[..2000] : error;
        var attempts = await db.RunAsync(async ct =>
        {
            var attempts = await db.Set<HandlerAttempt>()
                .FirstOrDefaultAsync(a => a.MessageId == context.Id && a.Handler == handler.Handler, ct).ConfigureAwait(false);
            if (attempts is null)
            {
                attempts = new HandlerAttempt { MessageId = context.Id, Handler = handler.Handler };
                db.Set<HandlerAttempt>().Add(attempts);
            }

            attempts.Attempts++;
            attempts.LastError = error;
            attempts.LastAttemptAt = time.GetUtcNow().UtcDateTime;
            if (attempts.Attempts >= settings.MaxHandlerAttempts)
            {
                db.Set<HandlerAttempt>().Remove(attempts);
                db.Set<DeadLetter>().Add(NewDeadLetter(data, context, $"{handler.Handler} failed {settings.MaxHandlerAttempts} times: {error}"));
            }

            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            return attempts.Attempts;
        }, cancellationToken).ConfigureAwait(false);

        LogHandlerFailed(logger, failure, handler.Handler, context.Id, attempts);
        if (attempts < settings.MaxHandlerAttempts)
        {
            return DeliveryStatus.Retry;
        }

        IntegrationEventsTelemetry.DeadLetters.Add(1, new KeyValuePair<string, object?>("type", context.Type));
        LogDeadLettered(logger, context.Type, context.Id, $"{handler.Handler} failed {settings.MaxHandlerAttempts} times: {error}");
        return DeliveryStatus.Success;
    }

    private Task<bool> IsProcessedAsync(HandlerRegistration handler, IntegrationEventContext context, CancellationToken cancellationToken) =>
        db.Set<ProcessedMessage>().AsNoTracking().AnyAsync(p => p.MessageId == context.Id && p.Handler == handler.Handler, cancellationToken);

    private async Task<bool> WasProcessedMeanwhileAsync(HandlerRegistration handler, IntegrationEventContext context, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await IsProcessedAsync(handler, context, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "{Handler} failed on message {MessageId} (attempt {Attempts})")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string handler, string messageId, int attempts);

    [LoggerMessage(EventId = 41, Level = LogLevel.Error, Message = "{EventType} message {MessageId} went to the dead letters: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string eventType, string messageId, string reason);
}
