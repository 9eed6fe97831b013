using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Pvi.IntegrationEvents.Model;

namespace Pvi.IntegrationEvents.Publishing;

public sealed class Outbox<TContext>(TContext db, EventCatalog catalog, EventsSettings settings, TimeProvider time) : IOutbox
    where TContext : DbContext
{
    public Guid Enqueue<TEvent>(string subject, TEvent @event) where TEvent : IMessage<TEvent>, new()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var topic = catalog.For<TEvent>();
        if (!string.Equals(topic.Publisher, settings.AppId, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{settings.AppId} may not publish {topic.Name}: the catalog names {topic.Publisher} as its publisher.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var id = Guid.CreateVersion7(now);
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            EventId = id,
            Topic = topic.Name,
            EventType = topic.EventType,
            Subject = subject,
            CreatedAt = now,
            CloudEvent = CloudEvents.Create(id, "/pvi/" + settings.AppId, topic.Name, settings.PubSubName, subject, @event, now, CloudEvents.CurrentTraceparent()),
        });
        return id;
    }
}
