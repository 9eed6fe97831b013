namespace Pvi.IntegrationEvents;

/// <summary>
/// Every topic of the suite, who publishes it and who subscribes: the answer to "where is this
/// event published and who consumes it?". A service publishes or handles only what is listed
/// here (the outbox and the handler registration refuse anything else), and a test checks the
/// list against the event protos and the services' registrations.
/// </summary>
public static class SuiteEvents
{
    public static EventCatalog Catalog { get; } = new(
    [
        // Each domain service adds its topics here as it starts publishing them:
        // new EventTopic("ndv.member-changed", MemberChanged.Descriptor, "ndv-matching", ["phone-overflow"]),
    ]);
}
