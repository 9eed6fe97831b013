namespace Pvi.IntegrationEvents.Transports;

/// <summary>One subscription an app declares at <c>/dapr/subscribe</c>.</summary>
public sealed record Subscription(string App, Uri Endpoint, string PubSubName, string Topic, string? DeadLetterTopic);
