using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Pvi.IntegrationEvents;

/// <summary>
/// One topic of the suite: the event message it carries, the app that publishes it and the apps
/// that subscribe. App ids are the names of tye.yaml and the Dapr app-ids of deploy/kubernetes.
/// </summary>
public sealed record EventTopic(string Name, MessageDescriptor Event, string Publisher, IReadOnlyList<string> Subscribers)
{
    /// <summary>The CloudEvent <c>type</c>: the event message's full proto name.</summary>
    public string EventType => Event.FullName;
}

/// <summary>The topics a process knows, by event type and by name.</summary>
public sealed class EventCatalog
{
    private readonly Dictionary<string, EventTopic> _byType;
    private readonly Dictionary<string, EventTopic> _byName;

    public EventCatalog(IEnumerable<EventTopic> topics)
    {
        Topics = topics.ToList();
        _byType = Topics.ToDictionary(t => t.EventType, StringComparer.Ordinal);
        _byName = Topics.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<EventTopic> Topics { get; }

    public EventTopic For<TEvent>() where TEvent : IMessage<TEvent>, new() => ForType(new TEvent().Descriptor.FullName);

    public EventTopic ForType(string eventType) =>
        _byType.TryGetValue(eventType, out var topic)
            ? topic
            : throw new InvalidOperationException($"No topic carries {eventType}; add it to the event catalog.");

    public EventTopic? Named(string name) => _byName.GetValueOrDefault(name);
}
