using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Pvi.ServiceData;

namespace Pvi.ServiceDefaults.Tests;

/// <summary>
/// Units of work (read, decide, save with a concurrency token) on the service's SQLite file, as
/// concurrent calls run them: SQLite commits one writer at a time, so they take turns on the
/// database's writer and none of them loses a race and does its work again; those that wait for a
/// turn are committed together with one sync of the log, and none is answered before its commit.
/// </summary>
public sealed class UnitOfWorkTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pvi-unit-of-work-").FullName;

    private SqliteStore? _store;

    private string ConnectionString => $"Data Source={Path.Combine(_folder, "counters.db")}";

    /// <summary>The database's store, as the service's host has one: its writer and readers.</summary>
    private SqliteStore Store => _store ??= new SqliteStore(ConnectionString);

    public async Task InitializeAsync()
    {
        await using var db = Create();
        await db.Database.EnsureCreatedAsync();
        db.Counters.Add(new Counter { Id = "calls", Value = 0 });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync()
    {
        _store?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Concurrent_units_of_work_on_one_SQLite_database_each_run_once_and_none_is_lost()
    {
        const int calls = 40;
        var attempts = 0;
        await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => Task.Run(async () =>
        {
            await using var db = Create();
            await db.RunAsync(async ct =>
            {
                Interlocked.Increment(ref attempts);
                var counter = await db.Counters.SingleAsync(c => c.Id == "calls", ct);
                await Task.Delay(2, ct); // the decision takes a moment, as a real one does
                counter.Value++;
                counter.Version++;
                await db.SaveChangesAsync(ct);
                return counter.Value;
            }, CancellationToken.None);
        })));

        await using var check = Create();
        Assert.Equal(calls, (await check.Counters.SingleAsync()).Value);
        Assert.Equal(calls, attempts);
    }

    [Fact]
    public async Task A_unit_of_work_inside_another_on_the_same_database_runs_in_it()
    {
        await using var outer = Create();
        await using var inner = Create();
        var value = await outer.RunAsync(
            async ct => await inner.RunAsync(async ct2 => await inner.Counters.CountAsync(ct2), ct),
            new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        Assert.Equal(1, value);
    }

    [Fact]
    public async Task A_unit_of_work_is_answered_only_once_the_commit_that_holds_it_is_durable()
    {
        // The first unit of work finishes while the second waits for its turn: it hands the open
        // transaction on instead of committing, and is answered when the second commits for both.
        var firstMayFinish = new TaskCompletionSource();
        var secondStarted = new TaskCompletionSource();
        var secondMayFinish = new TaskCompletionSource();
        await using var a = Create();
        await using var b = Create();
        var first = AddWhenAllowedAsync(a, "a", firstMayFinish.Task);
        var second = b.RunAsync(async ct =>
        {
            b.Counters.Add(new Counter { Id = "b" });
            await b.SaveChangesAsync(ct);
            secondStarted.SetResult();
            await secondMayFinish.Task;
            return 1;
        }, CancellationToken.None);

        firstMayFinish.SetResult();
        await secondStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(first.IsCompleted);
        Assert.Equal(["calls"], await IdsOnDiskAsync());

        secondMayFinish.SetResult();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["a", "b", "calls"], await IdsOnDiskAsync());
    }

    [Fact]
    public async Task A_failing_unit_of_work_leaves_nothing_and_the_others_of_its_commit_are_kept()
    {
        var firstMayFinish = new TaskCompletionSource();
        await using var a = Create();
        await using var b = Create();
        await using var c = Create();
        var first = AddWhenAllowedAsync(a, "a", firstMayFinish.Task);
        var failing = b.RunAsync<int>(async ct =>
        {
            b.Counters.Add(new Counter { Id = "b" });
            await b.SaveChangesAsync(ct);
            throw new InvalidOperationException("The decision went wrong after its save.");
        }, CancellationToken.None);
        var third = c.RunAsync(async ct =>
        {
            c.Counters.Add(new Counter { Id = "c" });
            return await c.SaveChangesAsync(ct);
        }, CancellationToken.None);

        firstMayFinish.SetResult();
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        await Task.WhenAll(first, third).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["a", "c", "calls"], await IdsOnDiskAsync());
        Assert.Empty(b.ChangeTracker.Entries());
    }

    [Fact]
    public async Task Units_of_work_that_wait_for_their_turn_are_committed_together_with_one_sync()
    {
        var sizes = new List<int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == DatabaseMetrics.GroupSizeName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, size, tags, _) =>
        {
            if (tags.ToArray().Contains(new KeyValuePair<string, object?>("db.namespace", "counters")))
            {
                lock (sizes)
                {
                    sizes.Add(size);
                }
            }
        });
        listener.Start();

        // Ten units of work queue while the first holds the writer; then all eleven are committed once.
        var firstMayFinish = new TaskCompletionSource();
        await using var holder = Create();
        var first = holder.RunAsync(async ct =>
        {
            await firstMayFinish.Task;
            holder.Counters.Add(new Counter { Id = "first" });
            return await holder.SaveChangesAsync(ct);
        }, CancellationToken.None);
        var contexts = Enumerable.Range(0, 10).Select(_ => Create()).ToList();
        var queued = contexts.Select((db, i) => db.RunAsync(ct =>
        {
            db.Counters.Add(new Counter { Id = $"queued-{i}" });
            return db.SaveChangesAsync(ct);
        }, CancellationToken.None)).ToList();

        firstMayFinish.SetResult();
        await Task.WhenAll(queued.Append(first)).WaitAsync(TimeSpan.FromSeconds(10));
        foreach (var db in contexts)
        {
            await db.DisposeAsync();
        }

        lock (sizes)
        {
            Assert.Equal([11], sizes);
        }

        Assert.Equal(12, (await IdsOnDiskAsync()).Count);
    }

    [Fact]
    public async Task A_context_lent_a_reader_of_the_store_cannot_write_outside_a_unit_of_work()
    {
        await using var db = Create();
        var reader = Store.Lend(db);
        try
        {
            Assert.Equal(1, await db.Counters.CountAsync());
            db.Counters.Add(new Counter { Id = "sneaked" });
            var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.Equal(8, Assert.IsType<SqliteException>(refused.InnerException).SqliteErrorCode); // SQLITE_READONLY
            db.ChangeTracker.Clear();

            // The same context writes in a unit of work, on the writer, and reads on its reader again after.
            await db.RunAsync(ct =>
            {
                db.Counters.Add(new Counter { Id = "written" });
                return db.SaveChangesAsync(ct);
            }, CancellationToken.None);
            Assert.Same(reader, db.Database.GetDbConnection());
            Assert.Equal(2, await db.Counters.CountAsync());
        }
        finally
        {
            Store.Return(reader);
        }

        Assert.Equal(["calls", "written"], await IdsOnDiskAsync());
    }

    [Fact]
    public async Task A_statement_run_again_on_a_store_connection_gets_its_new_parameters_also_while_the_same_one_reads()
    {
        await using (var db = Create())
        {
            await db.RunAsync(ct =>
            {
                db.Counters.AddRange(Enumerable.Range(1, 5).Select(i => new Counter { Id = $"c{i}", Value = i }));
                return db.SaveChangesAsync(ct);
            }, CancellationToken.None);
        }

        await using var reader = Create();
        var lent = Store.Lend(reader);
        try
        {
            for (var i = 1; i <= 5; i++)
            {
                var id = $"c{i}";
                Assert.Equal(i, (await reader.Counters.AsNoTracking().SingleAsync(c => c.Id == id)).Value);
            }

            // The same statement again while it is still being read: a second compiled copy, not the busy one.
            var outer = new List<(int, int)>();
            await foreach (var counter in reader.Counters.AsNoTracking().Where(c => c.Value > 3).AsAsyncEnumerable())
            {
                var value = counter.Value;
                outer.Add((value, await reader.Counters.AsNoTracking().Where(c => c.Value > value).CountAsync()));
            }

            Assert.Equal([(4, 1), (5, 0)], outer);
        }
        finally
        {
            Store.Return(lent);
        }
    }

    [Fact]
    public async Task After_a_burst_of_concurrent_calls_the_store_keeps_no_more_than_its_idle_readers_open()
    {
        // Three times as many calls at once as the store keeps readers idle, each reading on a reader of its own.
        const int burst = SqliteStore.MaxIdleReaders * 3;
        var calls = Enumerable.Range(0, burst).Select(_ => Create()).ToList();
        var readers = calls.Select(db => Store.Lend(db)).ToList();
        try
        {
            foreach (var db in calls)
            {
                Assert.Equal(1, await db.Counters.CountAsync());
            }

            Assert.True(OpenConnections() >= burst, $"{OpenConnections()} connections open during the burst");
        }
        finally
        {
            foreach (var (db, reader) in calls.Zip(readers))
            {
                await db.DisposeAsync();
                Store.Return(reader);
            }
        }

        // The idle readers, the writer, and the connection the test's set-up opened outside the store.
        Assert.InRange(OpenConnections(), 1, SqliteStore.MaxIdleReaders + 2);
    }

    /// <summary>
    /// The SQLite connections open on the test's file in this process (Linux): each holds a file
    /// descriptor of its own on the write-ahead log (SQLite keeps those on the database file itself
    /// after a close, for the next connection to open it).
    /// </summary>
    private int OpenConnections()
    {
        var log = Path.Combine(_folder, "counters.db-wal");
        return new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Count(descriptor => descriptor.LinkTarget == log);
    }

    /// <summary>The ids on the file as a connection of its own reads them: what is committed, nothing else.</summary>
    private async Task<List<string>> IdsOnDiskAsync()
    {
        await using var connection = new SqliteConnection(ConnectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM Counters ORDER BY Id";
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>A unit of work on <paramref name="db"/> that holds the writer's turn until <paramref name="allowed"/>, then saves a counter named <paramref name="id"/>.</summary>
    private static Task<int> AddWhenAllowedAsync(CountersDbContext db, string id, Task allowed) =>
        db.RunAsync(async ct =>
        {
            await allowed;
            db.Counters.Add(new Counter { Id = id });
            return await db.SaveChangesAsync(ct);
        }, CancellationToken.None);

    private CountersDbContext Create() =>
        new(new DbContextOptionsBuilder<CountersDbContext>().UseSqlite(ConnectionString).AddInterceptors(Store).Options);

    private sealed class Counter
    {
        public required string Id { get; init; }

        public int Value { get; set; }

        public int Version { get; set; }
    }

    private sealed class CountersDbContext(DbContextOptions<CountersDbContext> options) : DbContext(options)
    {
        public DbSet<Counter> Counters => Set<Counter>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<Counter>().Property(c => c.Version).IsConcurrencyToken();
    }
}
