using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pvi.IntegrationEvents.Transports;

/// <summary>
/// Local transport: asks each configured app for its <c>/dapr/subscribe</c>, as the Dapr sidecar
/// does at start, and keeps the answer for <see cref="EventsSettings.SubscriptionRefresh"/>. An
/// app that did not answer is not asked again for <see cref="UnreachableFor"/>: while it is down,
/// every new event would otherwise ask it once more (thousands of failed connections a second
/// under load, each of them CPU the service needs for its own calls).
/// </summary>
public sealed class SubscriptionDirectory(IHttpClientFactory httpClients, EventsSettings settings, TimeProvider time)
{
    public const string HttpClientName = "Pvi.IntegrationEvents.Local";

    /// <summary>How long an app that did not answer counts as unreachable before it is asked again.</summary>
    public static readonly TimeSpan UnreachableFor = TimeSpan.FromMilliseconds(500);

    /// <summary>What each app said (null: it did not answer), until when.</summary>
    private readonly ConcurrentDictionary<string, (DateTimeOffset Until, IReadOnlyList<Subscription>? Subscriptions)> _cache = new();

    /// <summary>Subscriptions to <paramref name="topic"/> of every reachable app; an app that does not answer is reported.</summary>
    public async Task<(IReadOnlyList<Subscription> Subscriptions, IReadOnlyList<string> Unreachable)> ForTopicAsync(
        string topic, CancellationToken cancellationToken)
    {
        var found = new List<Subscription>();
        var unreachable = new List<string>();
        foreach (var (app, address) in settings.Subscribers)
        {
            var subscriptions = await OfAppAsync(app, address, cancellationToken).ConfigureAwait(false);
            if (subscriptions is null)
            {
                unreachable.Add(app);
                continue;
            }

            found.AddRange(subscriptions.Where(s => s.Topic == topic && s.PubSubName == settings.PubSubName));
        }

        return (found, unreachable);
    }

    /// <summary>Forgets what an app said, after it failed a delivery (it may have restarted with other routes).</summary>
    public void Forget(string app) => _cache.TryRemove(app, out _);

    private async Task<IReadOnlyList<Subscription>?> OfAppAsync(string app, Uri address, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(app, out var cached) && cached.Until > now)
        {
            return cached.Subscriptions;
        }

        try
        {
            var http = httpClients.CreateClient(HttpClientName);
            using var response = await http.GetAsync(new Uri(address, "/dapr/subscribe"), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return response.StatusCode == System.Net.HttpStatusCode.NotFound ? Remember(app, now, []) : Unreachable(app, now);
            }

            var declared = await response.Content.ReadFromJsonAsync<List<JsonElement>>(cancellationToken).ConfigureAwait(false) ?? [];
            return Remember(app, now, declared.Select(d => Parse(app, address, d)).OfType<Subscription>().ToList());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return Unreachable(app, now);
        }
    }

    private IReadOnlyList<Subscription>? Unreachable(string app, DateTimeOffset now)
    {
        _cache[app] = (now + UnreachableFor, null);
        return null;
    }

    private IReadOnlyList<Subscription> Remember(string app, DateTimeOffset now, IReadOnlyList<Subscription> subscriptions)
    {
        _cache[app] = (now + settings.SubscriptionRefresh, subscriptions);
        return subscriptions;
    }

    private static Subscription? Parse(string app, Uri address, JsonElement declared)
    {
        string? Text(string name) =>
            declared.EnumerateObject().FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.String } v
                ? v.GetString()
                : null;

        var route = Text("route");
        if (route is null && declared.EnumerateObject().FirstOrDefault(p => p.Name.Equals("routes", StringComparison.OrdinalIgnoreCase)).Value is
            { ValueKind: JsonValueKind.Object } routes)
        {
            route = routes.EnumerateObject().FirstOrDefault(p => p.Name.Equals("default", StringComparison.OrdinalIgnoreCase)).Value.GetString();
        }

        var topic = Text("topic");
        var pubsub = Text("pubsubName");
        return topic is null || pubsub is null || route is null
            ? null
            : new Subscription(app, new Uri(address, route.StartsWith('/') ? route : "/" + route), pubsub, topic, Text("deadLetterTopic"));
    }
}
