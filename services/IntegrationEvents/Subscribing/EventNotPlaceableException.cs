namespace Pvi.IntegrationEvents.Subscribing;

/// <summary>
/// Thrown by a handler for an event it cannot place yet (what it refers to is not there): the
/// event is retried, and after the bounded attempts kept in the dead letters to be replayed,
/// never acknowledged away.
/// </summary>
public sealed class EventNotPlaceableException(string message) : Exception(message);
