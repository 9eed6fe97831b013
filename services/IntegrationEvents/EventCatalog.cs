using Google.Protobuf;

namespace Pvi.IntegrationEvents;

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
