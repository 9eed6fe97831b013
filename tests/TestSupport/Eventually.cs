using System.Diagnostics;

namespace Pvi.TestSupport;

/// <summary>
/// Waits for asynchronous work outside the test's control (delivery, start-up, shutdown) to reach
/// a state, within a bound. It waits for a state, never for a length of time.
/// </summary>
public static class Eventually
{
    /// <param name="describe">What was awaited, for the failure message (evaluated only on failure).</param>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe, TimeSpan? interval = null)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Not reached within {timeout}: {describe()}");
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(50));
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe, TimeSpan? interval = null) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, describe, interval);
}
