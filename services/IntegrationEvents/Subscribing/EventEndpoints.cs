using System.Security.Cryptography;
using System.Text;
using Dapr;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Pvi.IntegrationEvents.Subscribing;

/// <summary>
/// The subscriber side, written once to the Dapr contract: a topic endpoint per handler
/// (<c>WithTopic</c>, with this app's dead-letter topic), <c>/dapr/subscribe</c>, CloudEvents
/// unwrapped by <c>UseCloudEvents</c>, answers SUCCESS / RETRY / DROP. The local relay uses the same
/// endpoints, so what runs on one machine is what runs behind Dapr.
/// </summary>
public static class EventEndpoints
{
    public const string ApiTokenHeader = "dapr-api-token";

    /// <summary>
    /// Unwraps CloudEvents (their attributes as Cloudevent.* headers) and maps <c>/dapr/subscribe</c>
    /// and a topic endpoint per registered handler. One call, because the endpoints do not work
    /// without the middleware.
    /// </summary>
    public static WebApplication MapIntegrationEvents(this WebApplication app)
    {
        app.UseCloudEvents(new CloudEventsMiddlewareOptions { ForwardCloudEventPropertiesAsHeaders = true });
        var settings = app.Services.GetRequiredService<EventsSettings>();
        var handlers = app.Services.GetRequiredService<HandlerRegistry>();

        app.MapSubscribeHandler().AllowAnonymous();
        foreach (var handler in handlers.All)
        {
            app.MapPost($"/events/{handler.Topic}", (HttpContext http, IIntegrationEventDispatcher dispatcher) =>
                    ReceiveAsync(http, settings, context => dispatcher.DispatchAsync(handler, context.Data, context.Event, http.RequestAborted)))
                .WithTopic(new TopicOptions { PubsubName = settings.PubSubName, Name = handler.Topic, DeadLetterTopic = settings.DeadLetterTopic })
                .AllowAnonymous()
                .ExcludeFromDescription();
        }

        if (handlers.All.Count > 0)
        {
            // What the broker gave up on (retries exhausted, no route) lands in the same dead-letter store.
            app.MapPost("/events/deadletters", (HttpContext http, IIntegrationEventDispatcher dispatcher) =>
                    ReceiveAsync(http, settings, async context =>
                    {
                        await dispatcher.StoreDeadLetterAsync(context.Data, context.Event, "delivered to the dead-letter topic", http.RequestAborted);
                        return DeliveryStatus.Success;
                    }))
                .WithTopic(settings.PubSubName, settings.DeadLetterTopic)
                .AllowAnonymous()
                .ExcludeFromDescription();
        }

        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, EventsSettings settings, Func<Received, Task<string>> handle)
    {
        if (!string.IsNullOrEmpty(settings.AppApiToken) && !TokenMatches(http.Request.Headers[ApiTokenHeader].ToString(), settings.AppApiToken))
        {
            return Results.Unauthorized();
        }

        var headers = http.Request.Headers;
        var id = headers["Cloudevent.id"].ToString();
        var type = headers["Cloudevent.type"].ToString();
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(type))
        {
            return Results.BadRequest("A CloudEvent with id and type is expected (content type application/cloudevents+json).");
        }

        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var data = await reader.ReadToEndAsync(http.RequestAborted);
        var context = new IntegrationEventContext(id, type, NullIfEmpty(headers["Cloudevent.subject"]), NullIfEmpty(headers["Cloudevent.source"]));
        var status = await handle(new Received(data, context));
        return Results.Json(new { status });
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) => string.IsNullOrEmpty(value) ? null : value.ToString();

    private static bool TokenMatches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    private sealed record Received(string Data, IntegrationEventContext Event);
}
