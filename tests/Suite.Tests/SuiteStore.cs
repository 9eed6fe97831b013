using Npgsql;

namespace Pvi.Suite.Tests;

/// <summary>
/// Read access to the services' databases for checks after a load: the SQLite files of a local
/// run, or PostgreSQL databases. Queries quote identifiers ("Id"), which both accept.
/// </summary>
public abstract class SuiteStore
{
    /// <summary>The first column of a query's rows on the service's database (ndv, overflow, complaints, survey), as text.</summary>
    public abstract Task<List<string>> TextsAsync(string database, string query);

    public async Task<int> CountAsync(string database, string query) =>
        int.Parse((await TextsAsync(database, query)).Single(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The files {database}.db of a data folder.</summary>
    public static SuiteStore Sqlite(DirectoryInfo dataFolder) => new SqliteStore(dataFolder);

    /// <summary>PostgreSQL, the connection string of each database given.</summary>
    public static SuiteStore Postgres(IReadOnlyDictionary<string, string> connections) => new PostgresStore(connections);

    private sealed class SqliteStore(DirectoryInfo dataFolder) : SuiteStore
    {
        public override Task<List<string>> TextsAsync(string database, string query) => SuiteDatabases.TextsAsync(dataFolder, $"{database}.db", query);
    }

    private sealed class PostgresStore(IReadOnlyDictionary<string, string> connections) : SuiteStore
    {
        public override async Task<List<string>> TextsAsync(string database, string query)
        {
            // Not pooled: a pooled connection would not survive the server being stopped in between.
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connections[database]) { Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(query, connection);
            var texts = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                texts.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
            }

            return texts;
        }
    }
}
