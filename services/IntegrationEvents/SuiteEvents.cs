using Pvi.Complaints.V1;
using Pvi.Ndv.V1;
using Pvi.Overflow.V1;
using Pvi.Survey.V1;

namespace Pvi.IntegrationEvents;

/// <summary>
/// Every topic of the suite, who publishes it and who subscribes: the answer to "where is this
/// event published and who consumes it?". A service publishes or handles only what is listed
/// here (the outbox and the handler registration refuse anything else), and a test checks the
/// list against the event protos and the services' registrations. A topic with no subscriber in
/// the suite is published for consumers outside it (the intranet's notifications and reporting).
/// </summary>
public static class SuiteEvents
{
    public static EventCatalog Catalog { get; } = new(
    [
        // NDV matching (services/NdvMatching/README.md).
        new EventTopic("ndv.request-created", ExpertiseRequestCreated.Descriptor, Apps.NdvMatching, []),
        new EventTopic("ndv.offer-made", OfferMade.Descriptor, Apps.NdvMatching, []),
        new EventTopic("ndv.offer-accepted", OfferAccepted.Descriptor, Apps.NdvMatching, [Apps.ComplaintPilot]),
        new EventTopic("ndv.offer-declined", OfferDeclined.Descriptor, Apps.NdvMatching, []),
        new EventTopic("ndv.offer-expired", OfferExpired.Descriptor, Apps.NdvMatching, []),
        new EventTopic("ndv.request-unmatched", ExpertiseRequestUnmatched.Descriptor, Apps.NdvMatching, []),
        new EventTopic("ndv.request-completed", ExpertiseRequestCompleted.Descriptor, Apps.NdvMatching, []),
        new EventTopic("ndv.request-cancelled", ExpertiseRequestCancelled.Descriptor, Apps.NdvMatching, []),
        new EventTopic("ndv.member-changed", MemberChanged.Descriptor, Apps.NdvMatching, [Apps.PhoneOverflow]),

        // Roze in Blauw phone overflow (services/PhoneOverflow/README.md).
        new EventTopic("overflow.call-routed", CallRouted.Descriptor, Apps.PhoneOverflow, []),
        new EventTopic("overflow.call-forwarded", CallForwarded.Descriptor, Apps.PhoneOverflow, []),
        new EventTopic("overflow.call-answered", CallAnswered.Descriptor, Apps.PhoneOverflow, []),
        new EventTopic("overflow.call-abandoned", CallAbandoned.Descriptor, Apps.PhoneOverflow, []),
        new EventTopic("overflow.call-voicemail", CallSentToVoicemail.Descriptor, Apps.PhoneOverflow, []),
        new EventTopic("overflow.call-completed", CallCompleted.Descriptor, Apps.PhoneOverflow, [Apps.NdvMatching]),

        // Complaint pilot (services/ComplaintPilot/README.md).
        new EventTopic("complaints.registered", ComplaintRegistered.Descriptor, Apps.ComplaintPilot, []),
        new EventTopic("complaints.acknowledged", ComplaintAcknowledged.Descriptor, Apps.ComplaintPilot, []),
        new EventTopic("complaints.assigned", ComplaintAssigned.Descriptor, Apps.ComplaintPilot, []),
        new EventTopic("complaints.deadline-warning", ComplaintDeadlineWarning.Descriptor, Apps.ComplaintPilot, []),
        new EventTopic("complaints.deadline-missed", ComplaintDeadlineMissed.Descriptor, Apps.ComplaintPilot, []),
        new EventTopic("complaints.decided", ComplaintDecided.Descriptor, Apps.ComplaintPilot, []),
        new EventTopic("complaints.resolved", ComplaintResolved.Descriptor, Apps.ComplaintPilot, []),

        // Sociale agenda survey (services/SocialAgenda/README.md).
        new EventTopic("survey.wave-opened", WaveOpened.Descriptor, Apps.SocialAgenda, []),
        new EventTopic("survey.wave-closed", WaveClosed.Descriptor, Apps.SocialAgenda, []),
        new EventTopic("survey.unit-results-published", UnitResultsPublished.Descriptor, Apps.SocialAgenda, []),
    ]);
}
