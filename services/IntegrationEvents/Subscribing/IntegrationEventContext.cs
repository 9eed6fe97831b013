namespace Pvi.IntegrationEvents.Subscribing;

/// <summary>What the handler knows of the CloudEvent besides its data.</summary>
public sealed record IntegrationEventContext(string Id, string Type, string? Subject, string? Source);
