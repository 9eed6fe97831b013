using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;

namespace Pvi.IntegrationEvents.Subscribing;

/// <summary>The handlers of this process, by topic and by event type.</summary>
public sealed class HandlerRegistry
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private readonly List<HandlerRegistration> _handlers = [];

    public IReadOnlyList<HandlerRegistration> All => _handlers;

    public HandlerRegistration? ForEventType(string eventType) => _handlers.FirstOrDefault(h => h.EventType == eventType);

    public void Add<TEvent, THandler>(EventTopic topic)
        where TEvent : IMessage<TEvent>, new()
        where THandler : IIntegrationEventHandler<TEvent>
    {
        if (_handlers.Any(h => h.Topic == topic.Name))
        {
            throw new InvalidOperationException($"{topic.Name} has a handler already.");
        }

        _handlers.Add(new HandlerRegistration(topic.Name, topic.EventType, typeof(THandler).FullName!, (services, data, context, cancellationToken) =>
            services.GetRequiredService<THandler>().HandleAsync(Parser.Parse<TEvent>(data), context, cancellationToken)));
    }
}
