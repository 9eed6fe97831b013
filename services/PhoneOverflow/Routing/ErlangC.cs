namespace Pvi.PhoneOverflow.Routing;

/// <summary>
/// The call-centre staffing formula (Erlang C): how many agents answer a share of the calls within
/// a time, given the calls per hour and the mean handle time.
/// </summary>
public static class ErlangC
{
    public static int AgentsNeeded(double callsPerHour, TimeSpan meanHandleTime, double targetShare, TimeSpan targetTime)
    {
        if (callsPerHour <= 0 || meanHandleTime <= TimeSpan.Zero)
        {
            return 0;
        }

        var traffic = callsPerHour * meanHandleTime.TotalSeconds / 3600;
        for (var agents = Math.Max(1, (int)Math.Floor(traffic) + 1); agents < 10_000; agents++)
        {
            if (ServiceLevel(agents, traffic, meanHandleTime, targetTime) >= targetShare)
            {
                return agents;
            }
        }

        return 10_000;
    }

    /// <summary>The share of calls answered within <paramref name="targetTime"/> with <paramref name="agents"/> (more than the traffic).</summary>
    public static double ServiceLevel(int agents, double traffic, TimeSpan meanHandleTime, TimeSpan targetTime)
    {
        // Erlang B by its recurrence, then C from B.
        var blocking = 1.0;
        for (var k = 1; k <= agents; k++)
        {
            blocking = traffic * blocking / (k + (traffic * blocking));
        }

        var waiting = agents * blocking / (agents - (traffic * (1 - blocking)));
        return 1 - (waiting * Math.Exp(-(agents - traffic) * targetTime.TotalSeconds / meanHandleTime.TotalSeconds));
    }
}
