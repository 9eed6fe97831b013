using Google.Protobuf;

namespace Pvi.IntegrationEvents.Publishing;

/// <summary>
/// Announces facts to other services. An event enqueued here is written to the service's own
/// outbox table by the same SaveChanges as the state change that caused it: both are committed,
/// or neither. The relay publishes it afterwards.
/// </summary>
public interface IOutbox
{
    /// <param name="subject">The aggregate the event is about; events of one subject arrive in order.</param>
    /// <returns>The CloudEvent id.</returns>
    Guid Enqueue<TEvent>(string subject, TEvent @event) where TEvent : IMessage<TEvent>, new();
}
