using Pvi.ServiceDefaults.Data;

namespace Pvi.NdvMatching.Matching;

/// <summary>
/// Expires unanswered offers and moves their requests on, by itself, on the injected clock (a
/// periodic timer of <see cref="TimeProvider"/>), once the database is ready.
/// </summary>
public sealed partial class OfferExpiry(
    IServiceScopeFactory scopes,
    DatabaseInitialization<Infrastructure.NdvDbContext> database,
    NdvOptions options,
    TimeProvider time,
    ILogger<OfferExpiry> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ExpirySweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!database.Completed)
            {
                continue;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var expired = await scope.ServiceProvider.GetRequiredService<ExpertiseMatcher>().ExpireDueOffersAsync(stoppingToken);
                if (expired > 0)
                {
                    LogExpired(logger, expired);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next tick tries again; an offer is never lost, only expired a little later.
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Expired {Count} unanswered offer(s)")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Expiring offers failed; trying again at the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
