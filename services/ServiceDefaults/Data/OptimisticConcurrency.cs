using Microsoft.EntityFrameworkCore;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.ServiceDefaults.Data;

/// <summary>
/// Runs a unit of work (read, decide, SaveChanges) again from a clean change tracker when another
/// writer changed one of its rows first (a concurrency token did not match), after a short random
/// pause so that the racers spread out. After several lost races the caller gets ABORTED and may
/// try again.
/// </summary>
public static class OptimisticConcurrency
{
    public const int MaxAttempts = 10;

    public static async Task<T> RunAsync<T>(this DbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * attempt)), cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                throw new ConcurrentChangeException("The resource was changed by someone else at the same time; try again.");
            }
        }
    }
}
