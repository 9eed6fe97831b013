using Google.Protobuf;

namespace Pvi.IntegrationEvents.Subscribing;

/// <summary>What the handler knows of the CloudEvent besides its data.</summary>
public sealed record IntegrationEventContext(string Id, string Type, string? Subject, string? Source);

/// <summary>
/// Applies one integration event to the subscriber's own database. It runs inside a transaction
/// that also records the CloudEvent id, so a redelivered or concurrently delivered event is
/// applied once; it saves nothing itself (the dispatcher does).
/// </summary>
public interface IIntegrationEventHandler<in TEvent> where TEvent : IMessage
{
    Task HandleAsync(TEvent @event, IntegrationEventContext context, CancellationToken cancellationToken);
}

/// <summary>
/// Thrown by a handler for an event it cannot place yet (what it refers to is not there): the
/// event is retried, and after the bounded attempts kept in the dead letters to be replayed,
/// never acknowledged away.
/// </summary>
public sealed class EventNotPlaceableException(string message) : Exception(message);
