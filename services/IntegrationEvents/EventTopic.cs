using Google.Protobuf.Reflection;

namespace Pvi.IntegrationEvents;

/// <summary>
/// One topic of the suite: the event message it carries, the app that publishes it and the apps
/// that subscribe. App ids are the names of tye.yaml and the Dapr app-ids of deploy/kubernetes.
/// </summary>
public sealed record EventTopic(string Name, MessageDescriptor Event, string Publisher, IReadOnlyList<string> Subscribers)
{
    /// <summary>The CloudEvent <c>type</c>: the event message's full proto name.</summary>
    public string EventType => Event.FullName;
}
