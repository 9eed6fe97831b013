namespace Pvi.ServiceData;

/// <summary>
/// The unit of work the current flow runs in (<see cref="OptimisticConcurrency.RunAsync"/>): what
/// its database is, so that a unit of work started inside it runs as part of it, and what is to be
/// done once its changes are committed (the same-process wake-ups of
/// <see cref="AfterCommitInterceptor{TEntity}"/>). An attempt that is rolled back forgets them.
/// </summary>
internal sealed class UnitOfWork(object database)
{
    private static readonly AsyncLocal<UnitOfWork?> Ambient = new();

    private List<Action>? _afterCommit;

    public static UnitOfWork? Current => Ambient.Value;

    /// <summary>The database the unit of work writes to: its <see cref="SqliteStore"/>, or a PostgreSQL connection string.</summary>
    public object Database { get; } = database;

    /// <summary>Runs <paramref name="action"/> after the commit of this unit of work; never if it is rolled back.</summary>
    public void AfterCommit(Action action) => (_afterCommit ??= []).Add(action);

    /// <summary>Makes this the current unit of work of the flow until the answer is disposed.</summary>
    public Scope Enter()
    {
        var outer = Ambient.Value;
        Ambient.Value = this;
        return new Scope(outer);
    }

    /// <summary>Forgets what an attempt that was rolled back asked for.</summary>
    public void RolledBack() => _afterCommit = null;

    /// <summary>Moves what this unit of work asked for into <paramref name="committed"/>, to run after the commit that holds it.</summary>
    public void HandOver(List<Action> committed)
    {
        if (_afterCommit is not null)
        {
            committed.AddRange(_afterCommit);
            _afterCommit = null;
        }
    }

    public static void Run(List<Action> afterCommit)
    {
        foreach (var action in afterCommit)
        {
            action();
        }
    }

    public readonly struct Scope(UnitOfWork? outer) : IDisposable
    {
        public void Dispose() => Ambient.Value = outer;
    }
}
