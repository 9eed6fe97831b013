namespace Pvi.PhoneOverflow.Routing;

/// <summary>Section <c>Overflow</c>: the routing rules a unit can change without a release.</summary>
public sealed class OverflowOptions
{
    public const string SectionName = "Overflow";

    /// <summary>How long a target rings before the call moves on (practice: 20 s).</summary>
    public TimeSpan RingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The longest a caller waits in the queue before voicemail or a callback request.</summary>
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Handle time assumed for the queue's wait estimate until figures exist.</summary>
    public TimeSpan AverageHandleTime { get; set; } = TimeSpan.FromMinutes(6);

    /// <summary>The service level: answered within this time ...</summary>
    public TimeSpan ServiceLevelTime { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>... for this share of the answered calls (used for the staffing figure).</summary>
    public double ServiceLevelTarget { get; set; } = 0.8;

    /// <summary>How often ring timeouts, the queue's longest wait and free capacity are looked at (on the injected clock).</summary>
    public TimeSpan TimerInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The time zone of the opening hours and the figures.</summary>
    public string TimeZone { get; set; } = "Europe/Amsterdam";

    /// <summary>Load the fictional operators and Roze in Blauw members of seeds/overflow into empty tables (embedded default).</summary>
    public bool SeedDemoPeople { get; set; }

    /// <summary>Load the demo history of seeds/overflow/demo-history.json (the last weeks of calls) beside the demo people (embedded default).</summary>
    public bool SeedDemoHistory { get; set; }
}
