namespace Pvi.IntegrationEvents.Publishing;

/// <summary>What one pass of the outbox relay found.</summary>
public enum RelayPass
{
    /// <summary>No pending entry (or another replica relays).</summary>
    Empty,

    /// <summary>Pending entries, all of them taken in this pass.</summary>
    Relayed,

    /// <summary>A full batch relayed: more entries may be waiting right away.</summary>
    More,
}
