using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using Pvi.TestSupport;

namespace Pvi.Benchmarks;

/// <summary>
/// A database engine the services are measured on: the settings that put a service on it, and
/// the floor of any durable write there, a bare loop of one-row commits measured in the same run
/// so that a service's throughput can be stated as a share of what the engine itself commits on
/// this machine.
/// </summary>
public sealed class BenchmarkStore
{
    private readonly Func<string, Task<IReadOnlyDictionary<string, string>>> _settings;
    private readonly Func<TimeSpan, Task<double>> _bareCommits;

    private BenchmarkStore(string name, Func<string, Task<IReadOnlyDictionary<string, string>>> settings, Func<TimeSpan, Task<double>> bareCommits)
    {
        Name = name;
        _settings = settings;
        _bareCommits = bareCommits;
    }

    public string Name { get; }

    public bool IsSqlite => Name == "SQLite";

    /// <summary>
    /// The embedded default: each service on a SQLite file of its own (the settings are empty). The
    /// floor: one connection (SQLite has one writer per file) committing one row at a time in WAL
    /// mode with synchronous FULL, as the services' connections do.
    /// </summary>
    public static BenchmarkStore Sqlite { get; } = new("SQLite", _ => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>()), async duration =>
    {
        var folder = Directory.CreateTempSubdirectory("pvi-bench-floor-");
        try
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder.FullName, "floor.db")};Pooling=false");
            await connection.OpenAsync();
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE floor (id INTEGER PRIMARY KEY, at TEXT NOT NULL);");
            await using var insert = new SqliteCommand("INSERT INTO floor (at) VALUES ($at)", connection);
            var at = insert.Parameters.Add("$at", SqliteType.Text);
            var commits = 0;
            var stopwatch = Stopwatch.StartNew();
            while (stopwatch.Elapsed < duration)
            {
                await using var transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
                at.Value = DateTime.UtcNow.ToString("O");
                await insert.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
                commits++;
            }

            return commits / stopwatch.Elapsed.TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    });

    /// <summary>
    /// PostgreSQL: a database of its own per service on the given server. The floor: as many
    /// connections as calls in flight, each committing one row at a time.
    /// </summary>
    public static BenchmarkStore Postgres(PostgresServer server, int inFlight) => new("PostgreSQL",
        async name => new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            [$"ConnectionStrings__{name}"] = await server.CreateDatabaseAsync($"bench_{name}"),
        },
        async duration =>
        {
            // Not pooled: the 64 connections close when the loop ends instead of staying idle in a
            // pool and counting against the server's connection limit for the rest of the run.
            var connectionString = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync("bench_floor")) { Pooling = false }.ConnectionString;
            await using (var setup = new NpgsqlConnection(connectionString))
            {
                await setup.OpenAsync();
                await using var create = new NpgsqlCommand("CREATE TABLE floor (id bigserial PRIMARY KEY, at timestamptz NOT NULL)", setup);
                await create.ExecuteNonQueryAsync();
            }

            var commits = 0;
            var stopwatch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                await using var insert = new NpgsqlCommand("INSERT INTO floor (at) VALUES (now())", connection);
                while (stopwatch.Elapsed < duration)
                {
                    await insert.ExecuteNonQueryAsync();
                    Interlocked.Increment(ref commits);
                }
            })));
            return commits / stopwatch.Elapsed.TotalSeconds;
        });

    /// <summary>The settings that put the service whose connection string is named <paramref name="database"/> on this engine.</summary>
    public Task<IReadOnlyDictionary<string, string>> SettingsAsync(string database) => _settings(database);

    /// <summary>Durable one-row commits a second on this engine, for <paramref name="duration"/>.</summary>
    public Task<double> BareCommitsPerSecondAsync(TimeSpan duration) => _bareCommits(duration);

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = new SqliteCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
