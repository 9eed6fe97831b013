using Microsoft.EntityFrameworkCore;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.ServiceData;

/// <summary>
/// Runs a unit of work (read, decide, save) as one transaction, and again from a clean change
/// tracker when another writer changed one of its rows first (a concurrency token did not match).
/// After several lost races the caller gets ABORTED and may try again. A unit of work inside
/// another is part of it: the outermost one owns the transaction and the retries. A failed unit of
/// work leaves nothing in the database and nothing tracked.
/// On SQLite, which commits one writer at a time, the units of work take turns on the database's
/// writer and commit in groups (<see cref="SqliteStore"/>). On PostgreSQL each attempt is a
/// transaction of its own, in which a decision that hands out from a shared pool takes its
/// <see cref="DecisionLocks"/> lock, after a short random pause when it lost a race, so that the
/// racers spread out.
/// </summary>
public static class OptimisticConcurrency
{
    public const int MaxAttempts = 10;

    /// <param name="uniqueKeysGuard">
    /// A unique key violation is a lost race too: the unit of work claims a key (a position, an id)
    /// that another writer took first, and the next attempt sees it.
    /// </param>
    public static Task<T> RunAsync<T>(this DbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken, bool uniqueKeysGuard = false)
    {
        if (SqliteStore.Of(db) is { } store)
        {
            return store.RunAsync(db, work, cancellationToken, uniqueKeysGuard);
        }

        if (db.Database.CurrentTransaction is not null)
        {
            // Part of a unit of work that runs (and retries) it, in its transaction.
            return work(cancellationToken);
        }

        return AttemptAsync(db, work, cancellationToken, uniqueKeysGuard);
    }

    /// <summary>
    /// Runs work that makes its own transactions (migrations, seeds) with the database to itself as
    /// far as this process goes: on SQLite on the writer between two groups, elsewhere as it is.
    /// </summary>
    public static Task<T> ExclusiveAsync<T>(this DbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        SqliteStore.Of(db) is { } store ? store.ExclusiveAsync(db, work, cancellationToken) : work(cancellationToken);

    private static async Task<T> AttemptAsync<T>(DbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken, bool uniqueKeysGuard)
    {
        for (var attempt = 1; ; attempt++)
        {
            var unit = new UnitOfWork(db.Database.GetConnectionString() ?? string.Empty);
            var savepoints = db.Database.AutoSavepointsEnabled;
            try
            {
                T result;
                using (unit.Enter())
                {
                    // A failed save ends the attempt and rolls all of it back, so EF Core's savepoint
                    // around each save (two more round trips) would never be rolled back to.
                    db.Database.AutoSavepointsEnabled = false;
                    await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    result = await work(cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                var committed = new List<Action>();
                unit.HandOver(committed);
                UnitOfWork.Run(committed);
                return result;
            }
            catch (Exception ex)
            {
                db.ChangeTracker.Clear();
                if (!IsLostRace(ex, uniqueKeysGuard))
                {
                    throw;
                }

                if (attempt == MaxAttempts)
                {
                    DatabaseMetrics.Aborted.Add(1);
                    throw new ConcurrentChangeException("The resource was changed by someone else at the same time; try again.");
                }

                DatabaseMetrics.Retries.Add(1);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * attempt)), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                db.Database.AutoSavepointsEnabled = savepoints;
            }
        }
    }

    /// <summary>Whether the unit of work failed because another writer changed or claimed one of its rows first.</summary>
    internal static bool IsLostRace(Exception exception, bool uniqueKeysGuard) =>
        exception is DbUpdateConcurrencyException || (uniqueKeysGuard && exception is DbUpdateException update && IsUniqueViolation(update));

    /// <summary>Whether the database refused a row because its unique key exists (SQLite and PostgreSQL).</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
