namespace Pvi.IntegrationEvents.Subscribing;

/// <summary>The answers of the Dapr pub/sub contract.</summary>
public static class DeliveryStatus
{
    public const string Success = "SUCCESS";
    public const string Retry = "RETRY";
    public const string Drop = "DROP";
}
