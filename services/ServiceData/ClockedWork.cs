using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pvi.ServiceData;

/// <summary>
/// Work a service does by itself at every tick of a periodic timer of the injected
/// <see cref="TimeProvider"/> (so tests move it with a fake clock), once its database is ready,
/// in a scope of its own. A failed round is logged and the next tick tries again.
/// </summary>
public abstract partial class ClockedWork<TContext>(
    IServiceScopeFactory scopes, DatabaseInitialization<TContext> database, TimeProvider time, ILogger logger) : BackgroundService
    where TContext : DbContext
{
    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (!database.Completed)
            {
                continue;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await RunOnceAsync(scope.ServiceProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex, GetType().Name);
            }
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "{Work} failed; trying again at the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception, string work);
}
