using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Pvi.ServiceDefaults.Data;

/// <summary>
/// Lets SQLite itself wait for a write lock (short, growing sleeps) instead of failing at once
/// and being retried by the driver after long pauses: concurrent writers queue instead of stalling.
/// </summary>
public sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout = 30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
