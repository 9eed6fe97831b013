using System.Collections.Concurrent;

namespace Pvi.ServiceData;

/// <summary>
/// One holder at a time per key inside this process, waited for asynchronously: callers queue here
/// instead of holding a thread each while the database makes them wait.
/// </summary>
internal sealed class KeyedGates
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <summary>Waits for the key's gate; disposing the answer opens it for the next caller.</summary>
    public async Task<IDisposable> EnterAsync(string key, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
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
