using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Pvi.ServiceData;

/// <summary>
/// Tells <see cref="Committed"/> about the entities of one type that a <c>SaveChanges</c> added, once
/// they are committed: right after the <c>SaveChanges</c>, or, inside a unit of work or a
/// transaction, after its commit. A failed save, a rolled-back transaction or unit of work tells nothing. The one way the suite wakes work in the
/// same process when rows it waits for are committed (the relay for outbox entries, the live streams
/// of an RSC for forwarded calls); whoever waits also polls, for commits of other processes.
/// </summary>
public abstract class AfterCommitInterceptor<TEntity> : SaveChangesInterceptor, IDbTransactionInterceptor
    where TEntity : class
{
    private readonly ConditionalWeakTable<DbContext, List<TEntity>> _pending = [];

    /// <summary>Called after the commit with the entities it added (at least one).</summary>
    protected abstract void Committed(IReadOnlyList<TEntity> added);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Remember(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Remember(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        CommittedUnlessInTransaction(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        CommittedUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => CommittedIfPending(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        CommittedIfPending(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Remember(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        // Added entities are tracked as added when they are added.
        var added = context.ChangeTracker.TrackedAsTheyAre<TEntity>(entry => entry.State == EntityState.Added);
        if (added.Count == 0)
        {
            return;
        }

        // Several saves inside one transaction add up until its commit.
        if (context.Database.CurrentTransaction is not null && _pending.TryGetValue(context, out var earlier))
        {
            earlier.AddRange(added);
        }
        else
        {
            _pending.AddOrUpdate(context, added);
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }

    private void CommittedUnlessInTransaction(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        if (context.Database.CurrentTransaction is null)
        {
            CommittedIfPending(context);
        }
        else if (UnitOfWork.Current is { } unit && _pending.TryGetValue(context, out var added))
        {
            // Committed with the unit of work (on SQLite with its group), or never.
            _pending.Remove(context);
            unit.AfterCommit(() => Committed(added));
        }
    }

    private void CommittedIfPending(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var added))
        {
            _pending.Remove(context);
            Committed(added);
        }
    }
}
