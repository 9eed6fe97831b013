using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Pvi.ServiceData;

/// <summary>
/// Creates the schema and loads the seeds once the database can be reached, retrying with
/// back-off while it cannot: the process starts and reports not-ready instead of crashing.
/// </summary>
public sealed partial class DatabaseInitializer<TContext>(
    IServiceScopeFactory scopes,
    DatabaseInitialization<TContext> state,
    TimeProvider time,
    ILogger<DatabaseInitializer<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                Delay = TimeSpan.FromMilliseconds(250),
                MaxDelay = TimeSpan.FromSeconds(10),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
                OnRetry = args =>
                {
                    LogRetry(logger, args.Outcome.Exception, typeof(TContext).Name, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

        await pipeline.ExecuteAsync(async ct =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            await db.ExclusiveAsync(async ct =>
            {
                if (db.Database.GetMigrations().Any())
                {
                    // Migrating checks the model against the last migration's snapshot (a large
                    // model built and compared); on a start with nothing to apply that is skipped.
                    if ((await db.Database.GetPendingMigrationsAsync(ct).ConfigureAwait(false)).Any())
                    {
                        await db.Database.MigrateAsync(ct).ConfigureAwait(false);
                    }
                }
                else
                {
                    await db.Database.EnsureCreatedAsync(ct).ConfigureAwait(false);
                }

                foreach (var seed in scope.ServiceProvider.GetServices<ISeedData<TContext>>())
                {
                    await seed.SeedAsync(db, ct).ConfigureAwait(false);
                }

                return true;
            }, ct).ConfigureAwait(false);
        }, stoppingToken).ConfigureAwait(false);

        // Start-up (migrations, seeds, the first model) leaves most of the heap it grew as
        // garbage; give it back to the system once, before the first call can be paused by it,
        // instead of carrying it while idle.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        state.MarkCompleted();
        LogReady(logger, typeof(TContext).Name);
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "{Database} is not reachable yet; trying again in {Delay}")]
    private static partial void LogRetry(ILogger logger, Exception? exception, string database, TimeSpan delay);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{Database} is ready")]
    private static partial void LogReady(ILogger logger, string database);
}
