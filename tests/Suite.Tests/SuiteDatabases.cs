using Microsoft.Data.Sqlite;

namespace Pvi.Suite.Tests;

/// <summary>The SQLite files of the local run, read-only: how many rows each table holds.</summary>
public static class SuiteDatabases
{
    /// <summary>Waits until every service's outbox has delivered what it holds (the events of the seeds, of earlier steps).</summary>
    /// <summary>The four domain services' SQLite files of a data folder (the identity provider keeps its own beside them).</summary>
    public static IEnumerable<FileInfo> ServiceFiles(DirectoryInfo dataFolder) =>
        dataFolder.GetFiles("*.db").Where(file => file.Name != "identity.db");

    public static Task WaitUntilEventsDeliveredAsync(DirectoryInfo dataFolder) =>
        Pvi.TestSupport.Eventually.UntilAsync(
            async () =>
            {
                foreach (var file in ServiceFiles(dataFolder))
                {
                    await using var connection = await OpenAsync(file.FullName);
                    await using var pending = connection.CreateCommand();
                    pending.CommandText = "SELECT COUNT(*) FROM outbox_messages WHERE PublishedAt IS NULL";
                    if ((long)(await pending.ExecuteScalarAsync())! > 0)
                    {
                        return false;
                    }
                }

                return true;
            },
            TimeSpan.FromSeconds(60), () => "every outbox delivered its events", TimeSpan.FromMilliseconds(250));

    /// <summary>Every event the services published or set aside: the CloudEvents of the outboxes and the dead letters.</summary>
    public static async Task<string> EventsAsync(DirectoryInfo dataFolder)
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in ServiceFiles(dataFolder))
        {
            await using var connection = await OpenAsync(file.FullName);
            await using var events = connection.CreateCommand();
            events.CommandText = "SELECT CloudEvent FROM outbox_messages UNION ALL SELECT Data || Reason FROM dead_letters";
            await using var reader = await events.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.AppendLine(reader.GetString(0));
            }
        }

        return text.ToString();
    }

    /// <summary>The subscriptions of the suite's event catalog (SuiteEvents.Catalog): topic, publisher's file, subscriber's file.</summary>
    public static readonly (string Topic, string Publisher, string Subscriber)[] Subscriptions =
    [
        ("ndv.member-changed", "ndv.db", "overflow.db"),
        ("ndv.offer-accepted", "ndv.db", "complaints.db"),
        ("overflow.call-completed", "overflow.db", "ndv.db"),
    ];

    /// <summary>
    /// Exactly once in effect, across the suite: every event a publisher's outbox holds for a
    /// subscribed topic is recorded as handled by the subscriber, once (the processed-messages key
    /// is the event id with the handler), and nothing went to the dead letters.
    /// </summary>
    public static async Task AssertEveryEventHandledOnceAsync(DirectoryInfo dataFolder)
    {
        foreach (var (topic, publisher, subscriber) in Subscriptions)
        {
            var published = await TextsAsync(dataFolder, publisher, $"SELECT lower(EventId) FROM outbox_messages WHERE Topic = '{topic}'");
            var handled = await TextsAsync(dataFolder, subscriber, "SELECT lower(MessageId) FROM processed_messages");
            var missing = published.Except(handled).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} of {published.Count} {topic} events were not handled by {subscriber}: {string.Join(", ", missing.Take(5))}");
        }

        foreach (var file in ServiceFiles(dataFolder))
        {
            Assert.Equal(0, await CountAsync(dataFolder, file.Name, "SELECT COUNT(*) FROM dead_letters"));
        }
    }

    /// <summary>The first column of a query's rows, as text.</summary>
    public static async Task<List<string>> TextsAsync(DirectoryInfo dataFolder, string file, string query)
    {
        await using var connection = await OpenAsync(Path.Combine(dataFolder.FullName, file));
        await using var command = connection.CreateCommand();
        command.CommandText = query;
        var texts = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            texts.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return texts;
    }

    /// <summary>The number a COUNT query gives on one of the files.</summary>
    public static async Task<long> CountAsync(DirectoryInfo dataFolder, string file, string query)
    {
        await using var connection = await OpenAsync(Path.Combine(dataFolder.FullName, file));
        await using var command = connection.CreateCommand();
        command.CommandText = query;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<SortedDictionary<string, long>> CountRowsAsync(DirectoryInfo dataFolder)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var file in ServiceFiles(dataFolder))
        {
            await using var connection = await OpenAsync(file.FullName);
            var tables = new List<string>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsHistory'";
                await using var reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            foreach (var table in tables)
            {
                await using var count = connection.CreateCommand();
                count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
                counts[$"{file.Name}:{table}"] = (long)(await count.ExecuteScalarAsync())!;
            }
        }

        return counts;
    }

    /// <summary>A read-only connection that does not stay in a pool (the services own the files).</summary>
    private static async Task<SqliteConnection> OpenAsync(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        return connection;
    }
}
