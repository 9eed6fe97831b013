namespace Pvi.IntegrationEvents.Subscribing;

/// <summary>A handler of one topic: how to parse its data and run it.</summary>
public sealed record HandlerRegistration(
    string Topic, string EventType, string Handler, Func<IServiceProvider, string, IntegrationEventContext, CancellationToken, Task> Invoke);
