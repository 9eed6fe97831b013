using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pvi.EventsTestApp;
using Pvi.IntegrationEvents.Model;
using Pvi.TestSupport;

namespace Pvi.IntegrationEvents.Tests;

/// <summary>Publisher and subscriber hosts of the events test app on real sockets, on SQLite or PostgreSQL.</summary>
public sealed class EventApps(PostgresServer postgres)
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    public async Task<Dictionary<string, string?>> DatabaseAsync(string provider, string name)
    {
        if (provider == Postgres)
        {
            return new() { ["Database:Provider"] = "Postgres", ["ConnectionStrings:events"] = await postgres.CreateDatabaseAsync(name) };
        }

        var folder = Directory.CreateTempSubdirectory("pvi-events-");
        return new() { ["Database:Provider"] = "Sqlite", ["ConnectionStrings:events"] = $"Data Source={Path.Combine(folder.FullName, name + ".db")}" };
    }

    public static Task<TestHost> StartSubscriberAsync(
        Dictionary<string, string?> database, Dictionary<string, string?>? extra = null, TimeProvider? time = null) =>
        StartAsync(EventsTestApp.EventsTestApp.Subscriber, database, extra, time);

    public static Task<TestHost> StartPublisherAsync(
        Dictionary<string, string?> database, Uri subscriber, Dictionary<string, string?>? extra = null, TimeProvider? time = null)
    {
        var settings = new Dictionary<string, string?>(extra ?? [])
        {
            [$"Events:Subscribers:{EventsTestApp.EventsTestApp.Subscriber}"] = subscriber.ToString(),
        };
        return StartAsync(EventsTestApp.EventsTestApp.Publisher, database, settings, time);
    }

    /// <param name="time">A clock to inject instead of the system's.</param>
    public static Task<TestHost> StartAsync(
        string appId, Dictionary<string, string?> database, Dictionary<string, string?>? extra = null, TimeProvider? time = null)
    {
        var settings = new Dictionary<string, string?>(database)
        {
            ["Events:AppId"] = appId,
            ["Events:PollInterval"] = "00:00:00.100",
            ["Events:RetryBaseDelay"] = "00:00:00.050",
            ["Events:RetryMaxDelay"] = "00:00:00.500",
            ["Events:MaxHandlerAttempts"] = "4",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return EventsTestApp.EventsTestApp.StartAsync(settings, time);
    }

    /// <summary>Commits <paramref name="count"/> facts, each with its event, round-robin over the aggregates.</summary>
    public static async Task PublishAsync(TestHost publisher, int count, int aggregates)
    {
        using var http = new HttpClient { BaseAddress = publisher.Http, Timeout = TimeSpan.FromMinutes(5) };
        using var response = await http.PostAsync($"/test/publish?count={count}&aggregates={aggregates}", null);
        response.EnsureSuccessStatusCode();
    }

    public static async Task<T> QueryAsync<T>(TestHost host, Func<EventsDbContext, Task<T>> query)
    {
        await using var scope = host.App.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<EventsDbContext>());
    }

    public static Task<int> ReceivedAsync(TestHost subscriber) => QueryAsync(subscriber, db => db.Received.CountAsync());

    public static Task<int> PendingAsync(TestHost publisher) => QueryAsync(publisher, db => db.Set<OutboxMessage>().CountAsync(m => m.PublishedAt == null));

    /// <summary>Waits for asynchronous delivery to reach a state, failing after <paramref name="timeout"/>.</summary>
    public static Task WaitUntilAsync(TestHost host, Func<EventsDbContext, Task<bool>> condition, TimeSpan timeout) =>
        Eventually.UntilAsync(() => QueryAsync(host, condition), timeout, () => "the expected state of the events database");
}
