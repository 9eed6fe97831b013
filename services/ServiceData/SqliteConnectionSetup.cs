using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Pvi.ServiceData;

/// <summary>
/// Every SQLite connection: SQLite itself waits for a write lock (short, growing sleeps) instead
/// of failing at once and being retried by the driver after long pauses, so concurrent writers
/// queue instead of stalling; the write-ahead log lets readers run beside the writer and syncs
/// one file per commit instead of journal, database and folder; synchronous FULL keeps every
/// acknowledged commit through a power loss, not only through a crash of the process.
/// </summary>
public sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";

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
