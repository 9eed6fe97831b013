using Pvi.IntegrationEvents.Model;

namespace Pvi.IntegrationEvents.Transports;

/// <summary>Carries committed outbox entries to the subscribers; chosen by <c>Events:Transport</c>.</summary>
public interface IEventTransport
{
    Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken);
}
