using System.Collections.Concurrent;

namespace Pvi.SocialAgenda.Responses;

/// <summary>
/// One writer per wave inside this process, waited for asynchronously: submissions of a wave queue
/// here instead of in the database (where SQLite's busy wait would hold a thread each). Replicas of
/// the service still meet at the wave's row lock.
/// </summary>
public sealed class WaveGates
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async Task<IDisposable> EnterAsync(string waveId, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(waveId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
