namespace Pvi.IntegrationEvents;

/// <summary>Section <c>Events</c>.</summary>
public sealed class EventsSettings
{
    public const string SectionName = "Events";

    /// <summary>This process's app id: the CloudEvent source and the owner of its dead-letter topic.</summary>
    public string AppId { get; set; } = string.Empty;

    public EventTransportKind Transport { get; set; } = EventTransportKind.Local;

    /// <summary>The Dapr pub/sub component (Dapr transport and the subscriptions' pubsubname).</summary>
    public string PubSubName { get; set; } = "pubsub";

    /// <summary>Local transport: app id to base address (HTTP/1.1) of every app that may subscribe.</summary>
    public Dictionary<string, Uri> Subscribers { get; set; } = [];

    /// <summary>Shared secret the event endpoints require as <c>dapr-api-token</c> when set (Dapr's APP_API_TOKEN).</summary>
    public string? AppApiToken { get; set; }

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// The shortest time between two passes of the relay that find entries: woken by a commit
    /// sooner than that after such a pass, the relay waits for the rest of the window, so that
    /// under load one pass relays the events of many units of work instead of one pass (and its
    /// reads and its marking write) per commit. A commit to an idle relay is relayed at once.
    /// Zero relays every commit at once.
    /// </summary>
    public TimeSpan RelayWindow { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>How many aggregates the relay delivers for at once; each aggregate stays in order.</summary>
    public int RelayConcurrency { get; set; } = 8;

    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failed handler attempts after which a message goes to the dead letters.</summary>
    public int MaxHandlerAttempts { get; set; } = 5;

    /// <summary>How long published outbox entries and processed-message ids are kept.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(14);

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long the relay trusts a subscriber's /dapr/subscribe answer.</summary>
    public TimeSpan SubscriptionRefresh { get; set; } = TimeSpan.FromSeconds(30);

    public string DeadLetterTopic => $"{AppId}.deadletters";
}
