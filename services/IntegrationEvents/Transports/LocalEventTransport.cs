using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Pvi.IntegrationEvents.Model;
using Pvi.IntegrationEvents.Publishing;
using Pvi.IntegrationEvents.Subscribing;

namespace Pvi.IntegrationEvents.Transports;

/// <summary>
/// The embedded default: POSTs the CloudEvent to every subscription of its topic, answering as the
/// Dapr sidecar does: 2xx with SUCCESS (or no status) acknowledges; RETRY, other errors, 5xx and
/// timeouts retry later; DROP and 404 send the event to the subscription's dead-letter topic.
/// A subscriber that is down delays the delivery; it never loses it.
/// </summary>
public sealed partial class LocalEventTransport(
    IHttpClientFactory httpClients, SubscriptionDirectory directory, EventsSettings settings, ILogger<LocalEventTransport> logger) : IEventTransport
{
    public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var (subscriptions, unreachable) = await directory.ForTopicAsync(message.Topic, cancellationToken).ConfigureAwait(false);
        if (unreachable.Count > 0)
        {
            // An app that cannot say what it subscribes to may be one that does.
            return DeliveryResult.RetryLater($"No subscription list from {string.Join(", ", unreachable)}");
        }

        foreach (var subscription in subscriptions)
        {
            var answer = await PostAsync(subscription, message, cancellationToken).ConfigureAwait(false);
            if (answer == Answer.Drop)
            {
                answer = await DeadLetterAsync(subscription, message, cancellationToken).ConfigureAwait(false);
            }

            if (answer != Answer.Success)
            {
                directory.Forget(subscription.App);
                return DeliveryResult.RetryLater($"{subscription.App} answered {answer} for {message.Topic}");
            }
        }

        return DeliveryResult.Success;
    }

    private async Task<Answer> DeadLetterAsync(Subscription subscription, OutboxMessage message, CancellationToken cancellationToken)
    {
        IntegrationEventsTelemetry.DeadLetters.Add(1, new KeyValuePair<string, object?>("topic", message.Topic));
        if (subscription.DeadLetterTopic is null)
        {
            LogDropped(logger, subscription.App, message.Topic, message.EventId);
            return Answer.Success;
        }

        var (deadLetterSubscriptions, unreachable) = await directory.ForTopicAsync(subscription.DeadLetterTopic, cancellationToken).ConfigureAwait(false);
        if (unreachable.Count > 0)
        {
            return Answer.Retry;
        }

        foreach (var deadLetter in deadLetterSubscriptions)
        {
            if (await PostAsync(deadLetter, message, cancellationToken).ConfigureAwait(false) != Answer.Success)
            {
                return Answer.Retry;
            }
        }

        return Answer.Success;
    }

    private async Task<Answer> PostAsync(Subscription subscription, OutboxMessage message, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Endpoint)
        {
            Content = new StringContent(message.CloudEvent, Encoding.UTF8, CloudEvents.ContentType),
        };
        // With a relay activity, HttpClient propagates it; without one, the publisher's context still travels.
        if (System.Diagnostics.Activity.Current is null && CloudEvents.Traceparent(message.CloudEvent) is { } traceparent)
        {
            request.Headers.TryAddWithoutValidation("traceparent", traceparent);
        }

        if (!string.IsNullOrEmpty(settings.AppApiToken))
        {
            request.Headers.TryAddWithoutValidation(EventEndpoints.ApiTokenHeader, settings.AppApiToken);
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.DeliveryTimeout);
            using var response = await httpClients.CreateClient(SubscriptionDirectory.HttpClientName)
                .SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return Answer.Drop;
            }

            if (!response.IsSuccessStatusCode)
            {
                return Answer.Retry;
            }

            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            return StatusOf(body) switch
            {
                null or "SUCCESS" => Answer.Success,
                "DROP" => Answer.Drop,
                _ => Answer.Retry,
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Answer.Retry;
        }
    }

    private static string? StatusOf(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.EnumerateObject().FirstOrDefault(p => p.Name.Equals("status", StringComparison.OrdinalIgnoreCase)).Value is
                    { ValueKind: JsonValueKind.String } status
                ? status.GetString()!.ToUpperInvariant()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private enum Answer
    {
        Success,
        Retry,
        Drop,
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "{App} dropped {Topic} event {EventId} and declares no dead-letter topic")]
    private static partial void LogDropped(ILogger logger, string app, string topic, Guid eventId);
}
