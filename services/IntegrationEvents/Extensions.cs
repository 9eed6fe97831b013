using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pvi.IntegrationEvents.Publishing;
using Pvi.IntegrationEvents.Subscribing;
using Pvi.IntegrationEvents.Transports;

namespace Pvi.IntegrationEvents;

public static class Extensions
{
    /// <summary>
    /// The events building block for a service whose database is <typeparamref name="TContext"/>
    /// (which maps <see cref="Model.EventTablesModelBuilderExtensions.AddIntegrationEventTables"/>):
    /// the outbox, its relay, the transport of <c>Events:Transport</c> and the handler pipeline.
    /// </summary>
    public static IHostApplicationBuilder AddIntegrationEvents<TContext>(this IHostApplicationBuilder builder, EventCatalog catalog)
        where TContext : DbContext
    {
        var settings = builder.Configuration.GetSection(EventsSettings.SectionName).Get<EventsSettings>() ?? new EventsSettings();
        if (string.IsNullOrWhiteSpace(settings.AppId))
        {
            throw new InvalidOperationException("Set Events:AppId to this service's app id (its name in tye.yaml and its Dapr app-id).");
        }

        settings.AppApiToken ??= builder.Configuration["APP_API_TOKEN"];

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton(new HandlerRegistry());
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<IInterceptor, OutboxSignalInterceptor>();
        builder.Services.AddScoped<IOutbox, Outbox<TContext>>();
        builder.Services.AddScoped<IIntegrationEventDispatcher, IntegrationEventDispatcher<TContext>>();
        builder.Services.AddScoped<DeadLetterStore<TContext>>();

        if (settings.Transport == EventTransportKind.Dapr)
        {
            builder.Services.AddDaprClient();
            builder.Services.AddSingleton<IEventTransport, DaprEventTransport>();
        }
        else
        {
            builder.Services.AddHttpClient(SubscriptionDirectory.HttpClientName);
            builder.Services.AddSingleton<SubscriptionDirectory>();
            builder.Services.AddSingleton<IEventTransport, LocalEventTransport>();
        }

        builder.Services.AddSingleton<OutboxRelay<TContext>>();
        builder.Services.AddHostedService(services => services.GetRequiredService<OutboxRelay<TContext>>());
        return builder;
    }

    /// <summary>Subscribes <typeparamref name="THandler"/> to the topic that carries <typeparamref name="TEvent"/>.</summary>
    public static IHostApplicationBuilder AddIntegrationEventHandler<TEvent, THandler>(this IHostApplicationBuilder builder)
        where TEvent : IMessage<TEvent>, new()
        where THandler : class, IIntegrationEventHandler<TEvent>
    {
        var registry = (HandlerRegistry?)builder.Services.LastOrDefault(s => s.ServiceType == typeof(HandlerRegistry))?.ImplementationInstance
            ?? throw new InvalidOperationException("Call AddIntegrationEvents<TContext>() before adding handlers.");
        var catalog = (EventCatalog)builder.Services.Last(s => s.ServiceType == typeof(EventCatalog)).ImplementationInstance!;
        var settings = (EventsSettings)builder.Services.Last(s => s.ServiceType == typeof(EventsSettings)).ImplementationInstance!;
        var topic = catalog.For<TEvent>();
        if (!topic.Subscribers.Contains(settings.AppId))
        {
            throw new InvalidOperationException($"{settings.AppId} is not a subscriber of {topic.Name} in the event catalog.");
        }

        registry.Add<TEvent, THandler>(topic);
        builder.Services.AddScoped<THandler>();
        return builder;
    }
}
