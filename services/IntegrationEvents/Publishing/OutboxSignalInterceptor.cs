using Pvi.IntegrationEvents.Model;
using Pvi.ServiceData;

namespace Pvi.IntegrationEvents.Publishing;

/// <summary>Wakes the relay when outbox entries are committed.</summary>
public sealed class OutboxSignalInterceptor(OutboxSignal signal) : AfterCommitInterceptor<OutboxMessage>
{
    protected override void Committed(IReadOnlyList<OutboxMessage> added) => signal.Notify();
}
