using Google.Protobuf;

namespace Pvi.IntegrationEvents.Subscribing;

/// <summary>
/// Applies one integration event to the subscriber's own database. It runs inside a transaction
/// that also records the CloudEvent id, so a redelivered or concurrently delivered event is
/// applied once; it saves nothing itself (the dispatcher does).
/// </summary>
public interface IIntegrationEventHandler<in TEvent> where TEvent : IMessage
{
    Task HandleAsync(TEvent @event, IntegrationEventContext context, CancellationToken cancellationToken);
}
