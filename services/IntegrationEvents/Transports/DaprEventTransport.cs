using System.Text;
using Dapr;
using Dapr.Client;
using Pvi.IntegrationEvents.Model;
using Pvi.IntegrationEvents.Publishing;

namespace Pvi.IntegrationEvents.Transports;

/// <summary>
/// Publishes through the Dapr sidecar. The stored CloudEvent goes as it is
/// (<c>application/cloudevents+json</c>), so id, source, type, subject and traceparent survive.
/// </summary>
public sealed class DaprEventTransport(DaprClient dapr, EventsSettings settings) : IEventTransport
{
    public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await dapr.PublishByteEventAsync(
                settings.PubSubName, message.Topic, Encoding.UTF8.GetBytes(message.CloudEvent), CloudEvents.ContentType,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return DeliveryResult.Success;
        }
        catch (Exception ex) when (ex is DaprException or Grpc.Core.RpcException or HttpRequestException)
        {
            return DeliveryResult.RetryLater($"Dapr pub/sub {settings.PubSubName}: {ex.Message}");
        }
    }
}
