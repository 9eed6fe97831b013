using System.Diagnostics.Metrics;

namespace Pvi.ServiceData;

/// <summary>
/// The units of work that lost a race (another writer changed one of their rows first) and ran
/// again, and those that lost every attempt and answered ABORTED: what contention costs, seen
/// before any caller sees it; and on SQLite, how many units of work each commit holds.
/// </summary>
public static class DatabaseMetrics
{
    public const string MeterName = "Pvi.ServiceData";

    public const string RetriesName = "pvi.database.unit_of_work.retries";

    public const string AbortedName = "pvi.database.unit_of_work.aborted";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(RetriesName, description: "Units of work run again after a lost race");

    public static readonly Counter<long> Aborted = Meter.CreateCounter<long>(AbortedName, description: "Units of work that lost every attempt (ABORTED)");

    public const string GroupSizeName = "pvi.database.sqlite.group_size";

    public static readonly Histogram<int> GroupSize = Meter.CreateHistogram<int>(
        GroupSizeName, unit: "{unit_of_work}", description: "Units of work a SQLite commit holds (one sync of the write-ahead log for them all)");
}
