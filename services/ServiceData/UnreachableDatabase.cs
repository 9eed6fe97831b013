using Pvi.ServiceDefaults.Errors;

namespace Pvi.ServiceData;

/// <summary>
/// The database is down, restarting or busy past its timeout: PostgreSQL's transient failures
/// (connection refused or lost, server shutting down) and SQLite's busy and locked. Nothing was
/// committed; the error model answers UNAVAILABLE so that the caller tries again.
/// </summary>
public sealed class UnreachableDatabase : IUnavailableResource
{
    public bool IsUnavailable(Exception exception) => exception switch
    {
        Npgsql.NpgsqlException { IsTransient: true } => true,
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 } => true,
        _ => false,
    };
}
