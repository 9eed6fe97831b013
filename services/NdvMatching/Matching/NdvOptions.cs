namespace Pvi.NdvMatching.Matching;

/// <summary>Section <c>Ndv</c>: the matching rules a unit can change without a release.</summary>
public sealed class NdvOptions
{
    public const string SectionName = "Ndv";

    /// <summary>How long a member has to answer an offer of normal urgency.</summary>
    public TimeSpan NormalOfferExpiry { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long a member has to answer an urgent offer.</summary>
    public TimeSpan UrgentOfferExpiry { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often expired offers are looked for (on the injected clock).</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The length of a duty-time budget period.</summary>
    public BudgetPeriodLength BudgetPeriod { get; set; } = BudgetPeriodLength.Quarter;

    /// <summary>The time zone whose calendar bounds the budget periods.</summary>
    public string TimeZone { get; set; } = "Europe/Amsterdam";

    /// <summary>Load the fictional members of seeds/ndv/members.json into an empty register (embedded default).</summary>
    public bool SeedDemoMembers { get; set; }

    /// <summary>Load the demo history of seeds/ndv/demo-history.json (requests of past budget periods) beside the demo members (embedded default).</summary>
    public bool SeedDemoHistory { get; set; }
}
