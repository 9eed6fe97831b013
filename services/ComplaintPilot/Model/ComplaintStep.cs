using Google.Protobuf;
using Pvi.IntegrationEvents.Publishing;

namespace Pvi.ComplaintPilot.Model;

/// <summary>
/// What one step of the Awb procedure did to a complaint: the line it writes in the complaint's
/// history (kind and detail) and the integration event it announces, if any.
/// </summary>
public sealed record ComplaintStep(string Kind, string? Detail)
{
    private Action<IOutbox, string>? _announce;

    /// <summary>The event the step announces, if any.</summary>
    public IMessage? Event { get; private init; }

    public static ComplaintStep Announcing<TEvent>(string kind, string? detail, TEvent @event)
        where TEvent : IMessage<TEvent>, new() =>
        new(kind, detail) { Event = @event, _announce = (outbox, subject) => outbox.Enqueue(subject, @event) };

    /// <summary>Puts the step's event in the outbox, in the transaction that saves the step.</summary>
    public void AnnounceTo(IOutbox outbox, string subject) => _announce?.Invoke(outbox, subject);
}
