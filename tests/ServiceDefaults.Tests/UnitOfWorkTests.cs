using Microsoft.EntityFrameworkCore;
using Pvi.ServiceData;

namespace Pvi.ServiceDefaults.Tests;

/// <summary>
/// Units of work (read, decide, save with a concurrency token) on the service's SQLite file, as
/// concurrent calls run them: SQLite commits one writer at a time, so they run one at a time in
/// the process and none of them loses a race and does its work again.
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
