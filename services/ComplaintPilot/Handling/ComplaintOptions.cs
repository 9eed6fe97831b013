namespace Pvi.ComplaintPilot.Handling;

/// <summary>Section <c>Complaints</c>: the pilot's configuration.</summary>
public sealed class ComplaintOptions
{
    public const string SectionName = "Complaints";

    /// <summary>The units where the pilot's rules apply to complaints about ethnic profiling.</summary>
    public List<string> PilotUnits { get; set; } = [];

    /// <summary>How many days before the decision deadline the warning goes out.</summary>
    public int WarningDays { get; set; } = 7;

    /// <summary>How often the deadlines are looked at (on the injected clock).</summary>
    public TimeSpan DeadlineCheckInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long the complainant's details are kept after the complaint was closed: past the year
    /// in which they may go to the Nationale ombudsman, then erased; the figures stay the same.
    /// </summary>
    public TimeSpan RetentionAfterClose { get; set; } = TimeSpan.FromDays(395);

    /// <summary>Load the fictional complaints of seeds/complaints/demo-complaints.json into an empty table (embedded default).</summary>
    public bool SeedDemoComplaints { get; set; }

    /// <summary>Expected duty hours of the NDV representative on a pilot case.</summary>
    public double RepresentativeHours { get; set; } = 4;

    /// <summary>The deadline of a call to the NDV service.</summary>
    public TimeSpan NdvCallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often pending NDV representative requests are tried again.</summary>
    public TimeSpan NdvRetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The time zone whose calendar the Awb terms count in.</summary>
    public string TimeZone { get; set; } = "Europe/Amsterdam";
}
