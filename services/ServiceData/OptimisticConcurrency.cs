using Microsoft.EntityFrameworkCore;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.ServiceData;

/// <summary>
/// Runs a unit of work (read, decide, SaveChanges), and again from a clean change tracker when
/// another writer changed one of its rows first (a concurrency token did not match), after a short
/// random pause so that the racers spread out. After several lost races the caller gets ABORTED
/// and may try again. A unit of work inside another is part of it: the outermost one owns the
/// transaction and the retries. On PostgreSQL each attempt is one transaction, in which a decision
/// that hands out from a shared pool takes its <see cref="DecisionLocks"/> lock. On SQLite, which
/// commits one writer at a time anyway, the units of work of one database run one at a time in the
/// process (waited for asynchronously): under concurrent calls they would otherwise read the same
/// rows, lose the race at commit and do all their work again, and wait for the file's write lock on
/// a blocked thread; each SaveChanges commits by itself, unless the unit of work is atomic (one
/// transaction from its start, which takes the file's write lock at once: BEGIN IMMEDIATE).
/// </summary>
public static class OptimisticConcurrency
{
    public const int MaxAttempts = 10;

    private static readonly KeyedGates SqliteGates = new();

    /// <summary>The SQLite database whose gate this flow holds (a unit of work inside another runs in it).</summary>
    private static readonly AsyncLocal<string?> HeldGate = new();

    /// <param name="uniqueKeysGuard">
    /// A unique key violation is a lost race too: the unit of work claims a key (a position, an id)
    /// that another writer took first, and the next attempt sees it.
    /// </param>
    /// <param name="atomic">The unit of work saves more than once and its saves commit together, or none.</param>
    public static async Task<T> RunAsync<T>(this DbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken, bool uniqueKeysGuard = false, bool atomic = false)
    {
        var database = db.Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite" ? db.Database.GetConnectionString() : null;
        if (db.Database.CurrentTransaction is not null || (database is not null && HeldGate.Value == database))
        {
            // Part of a unit of work that runs (and retries) it, in its transaction.
            return await work(cancellationToken).ConfigureAwait(false);
        }

        if (database is null)
        {
            return await AttemptAsync(db, work, cancellationToken, uniqueKeysGuard, atomic || database is null).ConfigureAwait(false);
        }

        using var gate = await SqliteGates.EnterAsync(database, cancellationToken).ConfigureAwait(false);
        HeldGate.Value = database;
        try
        {
            return await AttemptAsync(db, work, cancellationToken, uniqueKeysGuard, atomic || database is null).ConfigureAwait(false);
        }
        finally
        {
            HeldGate.Value = null;
        }
    }

    private static async Task<T> AttemptAsync<T>(DbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken, bool uniqueKeysGuard, bool inTransaction)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (!inTransaction)
                {
                    return await work(cancellationToken).ConfigureAwait(false);
                }

                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                var result = await work(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && (ex is DbUpdateConcurrencyException || (uniqueKeysGuard && IsUniqueViolation(ex))))
            {
                db.ChangeTracker.Clear();
                DatabaseMetrics.Retries.Add(1);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * attempt)), cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || (uniqueKeysGuard && IsUniqueViolation(ex)))
            {
                db.ChangeTracker.Clear();
                DatabaseMetrics.Aborted.Add(1);
                throw new ConcurrentChangeException("The resource was changed by someone else at the same time; try again.");
            }
        }
    }

    /// <summary>Whether the database refused a row because its unique key exists (SQLite and PostgreSQL).</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
