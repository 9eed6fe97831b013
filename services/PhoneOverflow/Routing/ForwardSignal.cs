namespace Pvi.PhoneOverflow.Routing;

/// <summary>Wakes the live streams of an RSC when a call forwarded to it is committed (in this process; streams also poll, for other replicas).</summary>
public sealed class ForwardSignal
{
    private readonly Dictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    public Task WaitAsync(string rsc)
    {
        lock (_waiting)
        {
            if (!_waiting.TryGetValue(rsc, out var source))
            {
                source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting[rsc] = source;
            }

            return source.Task;
        }
    }

    public void Pulse(string rsc)
    {
        TaskCompletionSource? source;
        lock (_waiting)
        {
            if (_waiting.Remove(rsc, out source) is false)
            {
                return;
            }
        }

        source!.TrySetResult();
    }
}
