using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Pvi.ServiceData;

/// <summary>
/// A decision that hands out from a shared pool (a member's duty hours, a free operator) is taken
/// one at a time per database, so that concurrent callers queue for it instead of all reading the
/// same pool, choosing the same member or operator and all but one losing the race at commit. On
/// SQLite the database's gate in <see cref="OptimisticConcurrency.RunAsync"/> already orders the
/// units of work; on PostgreSQL the unit of work's transaction takes an advisory lock named for
/// the decision, held until it commits or rolls back, which orders the replicas too.
/// </summary>
public static class DecisionLocks
{
    /// <summary>Waits for the decision's lock; call it inside a unit of work, before reading the pool.</summary>
    public static Task LockDecisionAsync(this DbContext db, string decision, CancellationToken cancellationToken) =>
        LockAsync(db, decision, shared: false, cancellationToken);

    /// <summary>
    /// Waits until nobody holds the decision's lock alone, and holds it together with the others
    /// that share it: units of work that may run side by side but not while the decision is taken
    /// (submissions to a survey wave, which may not run while the wave closes).
    /// </summary>
    public static Task ShareDecisionAsync(this DbContext db, string decision, CancellationToken cancellationToken) =>
        LockAsync(db, decision, shared: true, cancellationToken);

    private static async Task LockAsync(DbContext db, string decision, bool shared, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException($"The decision lock '{decision}' is held by a transaction: take it inside a unit of work (RunAsync).");
        }

        var key = KeyOf(decision);
        await (shared
            ? db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared({key})", cancellationToken)
            : db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>An advisory lock's 64-bit key: a stable hash of its name, the same in every replica.</summary>
    public static long KeyOf(string name) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
}
