using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;
using Xunit;

namespace Pvi.TestSupport;

/// <summary>
/// The one PostgreSQL fixture: the server named by <c>PVI_TEST_POSTGRES</c> (bash .ci/run starts
/// one from the OS packages), else a Testcontainers container where a container engine runs,
/// else a failure that says how to provide one. PostgreSQL tests never skip.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string ConnectionStringVariable = "PVI_TEST_POSTGRES";

    private PostgreSqlContainer? _container;
    private string? _connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The PostgreSQL server is not started.");

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _connectionString = configured;
            return;
        }

        try
        {
            _container = new PostgreSqlBuilder("postgres:17-alpine").Build();
            await _container.StartAsync();
            _connectionString = _container.GetConnectionString();
        }
        catch (DockerUnavailableException ex)
        {
            throw new InvalidOperationException(
                $"These tests need PostgreSQL. Set {ConnectionStringVariable} to a connection string of a server whose user may " +
                "create databases (bash .ci/run installs and starts one from the OS packages), or run a container engine " +
                "so that Testcontainers can start one.", ex);
        }
    }

    /// <summary>Creates an empty database of its own for one test and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}
