using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Pvi.ServiceDefaults.Errors;
using Pvi.ServiceDefaults.Hosting;

namespace Pvi.ServiceData;

/// <summary>
/// A service's SQLite file and the connections to it, each set up once when it opens: readers that
/// can only read (<c>query_only</c>), lent to a scope's context for its lifetime, and the one
/// writer. SQLite commits one writer at a time, so the units of work of the process take turns on
/// the writer (waited for asynchronously, in order) instead of each waiting for the file's lock on
/// a blocked thread, and they commit in groups: a unit of work runs in a savepoint of the writer's
/// open transaction, and the last one of a group (nobody waiting for a turn after it, or the group
/// full) commits the group with one sync of the write-ahead log. Every unit of work is answered only
/// after the commit that holds it (<c>synchronous=FULL</c>: it survives a power loss); one that
/// fails is rolled back to its savepoint and the others of the group go on. Each connection keeps
/// the statements it compiled (<see cref="StatementCachingConnection"/>). Added to the context's
/// options as an interceptor, which also sets up connections that EF Core opens itself.
/// </summary>
public sealed class SqliteStore : DbConnectionInterceptor, IDisposable
{
    /// <summary>The most units of work one commit holds, which bounds how long the first of them waits for it.</summary>
    public const int MaxGroup = 64;

    /// <summary>
    /// The most readers kept open while idle (a reader's page cache stays with it): as many as the
    /// calls a service works on at once by default. Contexts beyond it are lent new readers, closed
    /// when they are given back.
    /// </summary>
    public const int MaxIdleReaders = CallLimitInterceptor.DefaultMaxConcurrentCalls;
    private const string Pragmas = "PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
    private const string ReadOnly = "PRAGMA query_only = 1;";

    private static readonly ConditionalWeakTable<IDbContextOptions, StoreOf> Stores = [];

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly ConcurrentBag<Reader> _idle = [];
    private readonly Lock _opening = new();
    private int _idleCount;
    private int _waiting;
    private volatile bool _disposed;
    private SqliteConnection? _writer;
    private SqliteCommand? _savepoint;
    private SqliteCommand? _release;
    private SqliteCommand? _rollback;
    private SqliteTransaction? _transaction;
    private Group? _group;
    private readonly string _readerPragmas;
    private readonly string _ownConnections;
    private readonly KeyValuePair<string, object?> _database;

    /// <param name="readersWrite">
    /// A library writes through the context by itself (OpenIddict's stores): the connections lent to
    /// contexts may write too, each save committing by itself; otherwise only units of work write.
    /// </param>
    public SqliteStore(string connectionString, bool readersWrite = false)
    {
        ConnectionString = connectionString;
        // The store pools its own connections: one that it closes is closed, not kept open (with
        // its page cache) in Microsoft.Data.Sqlite's pool, which has no bound, for a burst to come.
        _ownConnections = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        _readerPragmas = readersWrite ? Pragmas : Pragmas + ReadOnly;
        _database = new("db.namespace", Path.GetFileNameWithoutExtension(new SqliteConnectionStringBuilder(connectionString).DataSource));
    }

    public string ConnectionString { get; }

    /// <summary>The store a SQLite context was configured with, or null for another engine.</summary>
    public static SqliteStore? Of(DbContext db) =>
        Stores.GetValue(db.GetService<IDbContextOptions>(), options =>
            new StoreOf(options.FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<SqliteStore>().FirstOrDefault())).Store;

    /// <summary>Connections that EF Core opens itself (a context that was lent none) wait for the file's lock instead of failing.</summary>
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Execute(connection, Pragmas);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lends <paramref name="db"/> an open reader, to be given back with <see cref="Return"/> once the context is done with it.</summary>
    public DbConnection Lend(DbContext db)
    {
        if (_idle.TryTake(out var reader))
        {
            Interlocked.Decrement(ref _idleCount);
        }
        else
        {
            Writer();
            reader = new Reader(_ownConnections);
            reader.Open();
            Execute(reader, _readerPragmas);
        }

        db.Database.SetDbConnection(reader, contextOwnsConnection: false);
        return reader;
    }

    /// <summary>
    /// Takes back a reader whose context is done (returned to its pool, where it is lent a reader
    /// again before it is used).
    /// </summary>
    public void Return(DbConnection reader)
    {
        if (!_disposed && reader is Reader { State: ConnectionState.Open } && Interlocked.Increment(ref _idleCount) <= MaxIdleReaders)
        {
            _idle.Add((Reader)reader);
            return;
        }

        if (reader is Reader { State: ConnectionState.Open } && !_disposed)
        {
            Interlocked.Decrement(ref _idleCount);
        }

        reader.Dispose();
    }

    /// <summary>
    /// Runs a unit of work in its turn on the writer, in a savepoint of the group's transaction,
    /// again after a lost race; answers once the group that holds it is committed.
    /// </summary>
    internal async Task<T> RunAsync<T>(DbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken, bool uniqueKeysGuard)
    {
        if (UnitOfWork.Current is { } outer && ReferenceEquals(outer.Database, this))
        {
            // Part of the unit of work this flow runs: on the writer, in its savepoint.
            return await OnWriterAsync(db, () => work(cancellationToken)).ConfigureAwait(false);
        }

        // The wait for a turn is not cancelled: whoever is handed the turn may have to commit the
        // units of work before it.
        Interlocked.Increment(ref _waiting);
        await _turn.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        Interlocked.Decrement(ref _waiting);

        Group? group = null;
        var result = default(T);
        ExceptionDispatchInfo? failure = null;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            group = Join();
            result = await AttemptsAsync(db, group, work, cancellationToken, uniqueKeysGuard).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ExceptionDispatchInfo.Capture(ex);
        }
        finally
        {
            EndTurn();
        }

        failure?.Throw();
        await group!.Committed.ConfigureAwait(false);
        return result!;
    }

    /// <summary>
    /// Runs work that needs the writer to itself and no transaction of ours (migrations, seeds), in
    /// its turn, after the group before it is committed.
    /// </summary>
    internal async Task<T> ExclusiveAsync<T>(DbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        await _turn.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        Interlocked.Decrement(ref _waiting);
        var before = Commit();
        var committed = new List<Action>();
        try
        {
            before?.Complete();
            cancellationToken.ThrowIfCancellationRequested();
            Writer();

            // Units of work inside it run as part of it, each save committing by itself.
            var unit = new UnitOfWork(this);
            T result;
            using (unit.Enter())
            {
                result = await OnWriterAsync(db, () => work(cancellationToken)).ConfigureAwait(false);
            }

            unit.HandOver(committed);
            return result;
        }
        finally
        {
            _turn.Release();
            UnitOfWork.Run(committed);
        }
    }

    private async Task<T> AttemptsAsync<T>(DbContext db, Group group, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken, bool uniqueKeysGuard)
    {
        var unit = new UnitOfWork(this);
        using var scope = unit.Enter();
        return await OnWriterAsync(db, async () =>
        {
            for (var attempt = 1; ; attempt++)
            {
                Run(_savepoint!);
                try
                {
                    var result = await work(cancellationToken).ConfigureAwait(false);
                    Run(_release!);
                    unit.HandOver(group.AfterCommit);
                    return result;
                }
                catch (Exception ex)
                {
                    try
                    {
                        Run(_rollback!);
                    }
                    catch (SqliteException broken)
                    {
                        // SQLite ended the whole transaction (I/O error, disk full): the group fails
                        // with it, and the next unit of work starts a new one.
                        group.Failure = broken;
                        unit.RolledBack();
                        db.ChangeTracker.Clear();
                        ExceptionDispatchInfo.Throw(ex);
                    }

                    unit.RolledBack();
                    db.ChangeTracker.Clear();
                    if (!OptimisticConcurrency.IsLostRace(ex, uniqueKeysGuard))
                    {
                        throw;
                    }

                    if (attempt == OptimisticConcurrency.MaxAttempts)
                    {
                        // Another process (a replica on the same file) changed the rows every time.
                        DatabaseMetrics.Aborted.Add(1);
                        throw new ConcurrentChangeException("The resource was changed by someone else at the same time; try again.");
                    }

                    DatabaseMetrics.Retries.Add(1);
                }
            }
        }).ConfigureAwait(false);
    }

    /// <summary>Puts <paramref name="db"/> on the writer (in the open transaction, if any) while <paramref name="body"/> runs.</summary>
    private async Task<T> OnWriterAsync<T>(DbContext db, Func<Task<T>> body)
    {
        var database = db.Database;
        var previous = database.GetDbConnection();
        if (ReferenceEquals(previous, _writer))
        {
            return await body().ConfigureAwait(false);
        }

        // A context that was lent no reader (made by hand, as in tests) has a connection of its own.
        var own = previous is not Reader;
        var reopen = own && previous.State == ConnectionState.Open;
        if (reopen)
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
        }

        var savepoints = database.AutoSavepointsEnabled;
        database.SetDbConnection(_writer, contextOwnsConnection: false);
        try
        {
            // The unit of work's savepoint is the only one: EF Core's own per save would double it.
            database.AutoSavepointsEnabled = false;
            if (_transaction is not null)
            {
                await database.UseTransactionAsync(_transaction).ConfigureAwait(false);
            }

            return await body().ConfigureAwait(false);
        }
        finally
        {
            database.AutoSavepointsEnabled = savepoints;
            await database.UseTransactionAsync(null).ConfigureAwait(false);
            if (own)
            {
                database.SetDbConnection(null, contextOwnsConnection: false);
                database.SetConnectionString(ConnectionString);
                if (reopen)
                {
                    await database.OpenConnectionAsync().ConfigureAwait(false);
                }
            }
            else
            {
                database.SetDbConnection(previous, contextOwnsConnection: false);
            }
        }
    }

    /// <summary>The open group, or a new one with its transaction (BEGIN IMMEDIATE: the file's write lock at once).</summary>
    private Group Join()
    {
        var writer = Writer();
        if (_group is null)
        {
            _transaction = writer.BeginTransaction(deferred: false);
            _group = new Group();
        }

        _group.Units++;
        return _group;
    }

    /// <summary>
    /// Ends a turn: the last unit of work of a group (nobody waiting, the group full, or failed)
    /// commits it, then the next turn starts and the group is answered.
    /// </summary>
    private void EndTurn()
    {
        var group = Volatile.Read(ref _waiting) == 0 || _group?.Units >= MaxGroup || _group?.Failure is not null || _disposed ? Commit() : null;
        _turn.Release();
        group?.Complete();
    }

    /// <summary>
    /// Commits the open group, if any; a group whose transaction broke is rolled back. A failed
    /// commit fails every unit of work of the group: none of them was answered yet.
    /// </summary>
    private Group? Commit()
    {
        if (_group is not { } group)
        {
            return null;
        }

        var transaction = _transaction!;
        _transaction = null;
        _group = null;
        try
        {
            if (group.Failure is null)
            {
                transaction.Commit();
                DatabaseMetrics.GroupSize.Record(group.Units, _database);
            }
            else
            {
                transaction.Rollback();
            }
        }
        catch (Exception ex)
        {
            group.Failure ??= ex;
        }
        finally
        {
            try
            {
                transaction.Dispose();
            }
            catch (SqliteException ex)
            {
                group.Failure ??= ex;
            }
        }

        return group;
    }

    private SqliteConnection Writer()
    {
        if (_writer is { } writer)
        {
            return writer;
        }

        lock (_opening)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writer is null)
            {
                var connection = new StatementCachingConnection(_ownConnections);
                connection.Open();
                Execute(connection, Pragmas);
                _savepoint = Command(connection, "SAVEPOINT unit_of_work");
                _release = Command(connection, "RELEASE unit_of_work");
                _rollback = Command(connection, "ROLLBACK TO unit_of_work; RELEASE unit_of_work");
                _writer = connection;
            }

            return _writer;
        }
    }

    private void Run(SqliteCommand command)
    {
        command.Transaction = _transaction;
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, string text)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        return command;
    }

    private static void Execute(DbConnection connection, string text)
    {
        using var command = connection.CreateCommand();
        command.CommandText = text;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var reader))
        {
            reader.Dispose();
        }

        if (_turn.Wait(TimeSpan.FromSeconds(10)))
        {
            Commit()?.Complete();
            _savepoint?.Dispose();
            _release?.Dispose();
            _rollback?.Dispose();
            _writer?.Dispose();
            _writer = null;
            _turn.Release();
        }
    }

    /// <summary>A connection of the store that can only read.</summary>
    private sealed class Reader(string connectionString) : StatementCachingConnection(connectionString);

    /// <summary>Units of work committed together.</summary>
    private sealed class Group
    {
        private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Units { get; set; }

        public List<Action> AfterCommit { get; } = [];

        public Exception? Failure { get; set; }

        public Task Committed => _committed.Task;

        public void Complete()
        {
            if (Failure is not null)
            {
                _committed.SetException(Failure);
                return;
            }

            _committed.SetResult();
            UnitOfWork.Run(AfterCommit);
        }
    }

    private sealed record StoreOf(SqliteStore? Store);
}
