using Pvi.IntegrationEvents.Model;

namespace Pvi.IntegrationEvents.Transports;

/// <summary>What became of one delivery attempt.</summary>
public readonly record struct DeliveryResult(bool Delivered, string? Error)
{
    public static DeliveryResult Success { get; } = new(true, null);

    public static DeliveryResult RetryLater(string error) => new(false, error);
}
