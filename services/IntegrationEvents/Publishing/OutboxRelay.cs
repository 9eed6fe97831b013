using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Pvi.IntegrationEvents.Model;
using Pvi.IntegrationEvents.Transports;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Hosting;

namespace Pvi.IntegrationEvents.Publishing;

/// <summary>
/// Publishes committed outbox entries: in commit order per subject, several subjects at once,
/// with quick retries (Polly) and then persisted exponential back-off so that an outage survives
/// restarts. An entry is marked published only after the transport took it, so whatever a crash
/// left unsent is sent after restart (subscribers are idempotent). Published entries are removed
/// after the retention period.
/// </summary>
public sealed partial class OutboxRelay<TContext> : BackgroundService where TContext : DbContext
{
    private readonly IServiceScopeFactory _scopes;
    private readonly IEventTransport _transport;
    private readonly OutboxSignal _signal;
    private readonly EventsSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxRelay<TContext>> _logger;
    private readonly ResiliencePipeline<DeliveryResult> _quickRetry;
    private readonly IntegrationEventsTelemetry.OutboxState _state;
    private readonly IStartupGate[] _gates;
    private readonly long _lockKey;

    private const string PostgresProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    public OutboxRelay(
        IServiceScopeFactory scopes, IEventTransport transport, OutboxSignal signal, EventsSettings settings, TimeProvider time,
        ILogger<OutboxRelay<TContext>> logger, IEnumerable<IStartupGate> gates)
    {
        _gates = gates.ToArray();
        _lockKey = Pvi.ServiceData.DecisionLocks.KeyOf("pvi.outbox." + typeof(TContext).FullName);
        _scopes = scopes;
        _transport = transport;
        _signal = signal;
        _settings = settings;
        _time = time;
        _logger = logger;
        _state = IntegrationEventsTelemetry.OutboxOf(typeof(TContext).Name);
        _quickRetry = new ResiliencePipelineBuilder<DeliveryResult> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<DeliveryResult>
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(50),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<DeliveryResult>().HandleResult(result => !result.Delivered),
            })
            .Build();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextCleanup = _time.GetUtcNow();
        // When the relay last found entries to relay, on the machine's clock: the window paces the
        // relay in real time whatever clock the service's rules run on.
        long? lastRelayed = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                var started = Stopwatch.GetTimestamp();
                // Nothing to relay before the schema exists.
                var pass = _gates.All(gate => gate.IsOpen) ? await RelayBatchAsync(stoppingToken).ConfigureAwait(false) : RelayPass.Empty;
                more = pass == RelayPass.More;
                if (pass != RelayPass.Empty)
                {
                    lastRelayed = started;
                }

                if (_gates.All(gate => gate.IsOpen) && _time.GetUtcNow() >= nextCleanup)
                {
                    await CleanupAsync(stoppingToken).ConfigureAwait(false);
                    nextCleanup = _time.GetUtcNow() + _settings.CleanupInterval;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be starting or briefly away: try again at the next poll.
                LogRelayFailed(_logger, ex, typeof(TContext).Name);
            }

            if (!more)
            {
                try
                {
                    // Woken by a commit within the window of the last pass that relayed something,
                    // the relay waits for the rest of that window, so that under load one pass takes
                    // the entries of many units of work; a commit to an idle relay goes at once.
                    if (await _signal.WaitAsync(_settings.PollInterval, stoppingToken).ConfigureAwait(false) && lastRelayed is { } last)
                    {
                        var rest = _settings.RelayWindow - Stopwatch.GetElapsedTime(last);
                        if (rest > TimeSpan.Zero)
                        {
                            await Task.Delay(rest, stoppingToken).ConfigureAwait(false);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Publishes one batch of pending entries.</summary>
    /// <returns>Whether it found entries, and whether more may be waiting right away.</returns>
    public async Task<RelayPass> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();

        if (db.Database.ProviderName != PostgresProvider)
        {
            return await RelayBatchAsync(db, cancellationToken).ConfigureAwait(false);
        }

        // Replicas of a service share one PostgreSQL outbox: one relay at a time keeps each
        // subject in order and no event is sent twice. A session lock, not a transaction, so
        // deliveries that wait on a slow subscriber hold no transaction open; the connection's
        // reset when it returns to the pool (or its end with the process) releases it in any case.
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({_lockKey}) AS \"Value\"")
                    .SingleAsync(cancellationToken).ConfigureAwait(false))
            {
                return RelayPass.Empty;
            }

            try
            {
                return await RelayBatchAsync(db, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await db.Database.SqlQuery<bool>($"SELECT pg_advisory_unlock({_lockKey}) AS \"Value\"")
                    .SingleAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private async Task<RelayPass> RelayBatchAsync(TContext db, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var batch = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.PublishedAt == null)
            .OrderBy(m => m.Sequence)
            .Take(_settings.BatchSize)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        _state.Pending = batch.Count < _settings.BatchSize
            ? batch.Count
            : await db.Set<OutboxMessage>().CountAsync(m => m.PublishedAt == null, cancellationToken).ConfigureAwait(false);
        _state.OldestPendingAgeSeconds = batch.Count == 0 ? 0 : (now - batch[0].CreatedAt).TotalSeconds;
        if (batch.Count == 0)
        {
            return RelayPass.Empty;
        }

        var published = new ConcurrentBag<long>();
        var failed = new ConcurrentBag<(OutboxMessage Message, string Error)>();
        var subjects = batch.GroupBy(m => m.Subject).ToList();
        await Parallel.ForEachAsync(
            subjects,
            new ParallelOptions { MaxDegreeOfParallelism = _settings.RelayConcurrency, CancellationToken = cancellationToken },
            async (subject, token) =>
            {
                foreach (var message in subject)
                {
                    if (message.NextAttemptAt > now)
                    {
                        // Backing off: the later events of this subject wait behind it.
                        break;
                    }

                    var result = await PublishAsync(message, token).ConfigureAwait(false);
                    if (!result.Delivered)
                    {
                        failed.Add((message, result.Error ?? "not delivered"));
                        break;
                    }

                    published.Add(message.Sequence);
                }
            }).ConfigureAwait(false);

        var marks = published.Order().ToArray();
        var retries = failed
            .Select(f => (f.Message, Error: f.Error.Length > 2000 ? f.Error[..2000] : f.Error, Attempts: f.Message.Attempts + 1))
            .Select(f => (f.Message, f.Error, f.Attempts, RetryAt: now + BackOff(f.Attempts)))
            .ToArray();
        if (marks.Length > 0 || retries.Length > 0)
        {
            await MarkAsync(db, marks, retries, now, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (message, error, attempts, retryAt) in retries)
        {
            IntegrationEventsTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("topic", message.Topic));
            LogDeliveryFailed(_logger, message.Topic, message.EventId, attempts, retryAt, error);
        }

        IntegrationEventsTelemetry.Deliveries.Add(published.Count);
        return batch.Count == _settings.BatchSize && !published.IsEmpty ? RelayPass.More : RelayPass.Relayed;
    }

    /// <summary>Marks what was published, and when the others are tried again, as a unit of work like every other write.</summary>
    private static Task<bool> MarkAsync(
        TContext db, long[] published, (OutboxMessage Message, string Error, int Attempts, DateTime RetryAt)[] retries, DateTime now,
        CancellationToken cancellationToken) =>
        db.RunAsync(async ct =>
        {
            foreach (var chunk in published.Chunk(500))
            {
                await db.Set<OutboxMessage>().Where(m => chunk.Contains(m.Sequence))
                    .ExecuteUpdateAsync(set => set.SetProperty(m => m.PublishedAt, now), ct).ConfigureAwait(false);
            }

            foreach (var (message, error, attempts, retryAt) in retries)
            {
                await db.Set<OutboxMessage>().Where(m => m.Sequence == message.Sequence)
                    .ExecuteUpdateAsync(set => set
                        .SetProperty(m => m.Attempts, attempts)
                        .SetProperty(m => m.NextAttemptAt, retryAt)
                        .SetProperty(m => m.LastError, error), ct).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken);

    private async Task<DeliveryResult> PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(CloudEvents.Traceparent(message.CloudEvent), null, out var parent);
        using var activity = IntegrationEventsTelemetry.Source.StartActivity($"{message.Topic} publish", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.system", "dapr");
        activity?.SetTag("messaging.destination.name", message.Topic);
        activity?.SetTag("messaging.message.id", message.EventId.ToString());
        var result = await _quickRetry.ExecuteAsync(
            async token => await _transport.DeliverAsync(message, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        activity?.SetStatus(result.Delivered ? ActivityStatusCode.Ok : ActivityStatusCode.Error, result.Error);
        return result;
    }

    private TimeSpan BackOff(int attempts)
    {
        var exponential = _settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 20));
        var capped = Math.Min(exponential, _settings.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }

    /// <summary>Removes published entries and processed-message ids older than the retention period.</summary>
    public async Task CleanupAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var before = _time.GetUtcNow().UtcDateTime - _settings.Retention;
        await db.RunAsync(async ct =>
        {
            await db.Set<OutboxMessage>().Where(m => m.PublishedAt != null && m.PublishedAt < before)
                .ExecuteDeleteAsync(ct).ConfigureAwait(false);
            return await db.Set<ProcessedMessage>().Where(m => m.ProcessedAt < before)
                .ExecuteDeleteAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Relaying the outbox of {Context} failed; trying again")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception, string context);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "{Topic} event {EventId} not delivered (attempt {Attempts}); next try at {RetryAt:O}: {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, string topic, Guid eventId, int attempts, DateTime retryAt, string error);
}
