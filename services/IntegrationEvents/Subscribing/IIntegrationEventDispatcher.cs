namespace Pvi.IntegrationEvents.Subscribing;

public interface IIntegrationEventDispatcher
{
    /// <returns>One of <see cref="DeliveryStatus"/>.</returns>
    Task<string> DispatchAsync(HandlerRegistration handler, string data, IntegrationEventContext context, CancellationToken cancellationToken);

    /// <summary>Keeps a message nobody could handle; it can be listed and replayed.</summary>
    Task StoreDeadLetterAsync(string data, IntegrationEventContext context, string reason, CancellationToken cancellationToken);
}
