namespace Pvi.IntegrationEvents;

public enum EventTransportKind
{
    /// <summary>The embedded default: the relay POSTs CloudEvents to the subscribers' Dapr endpoints.</summary>
    Local,

    /// <summary>Through the Dapr sidecar's pub/sub API.</summary>
    Dapr,
}
