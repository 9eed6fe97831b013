using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Pvi.WebConsole.Localization;

/// <summary>Times as people in the Netherlands read them: Europe/Amsterdam, in the person's culture (Dutch formats by default).</summary>
public sealed class AmsterdamTime(TimeProvider time)
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public DateTimeOffset Now => TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone);

    public static DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>"1 december 2026 14:05".</summary>
    public static string DateTime(Timestamp? instant) =>
        instant is null ? string.Empty : Local(instant.ToDateTimeOffset()).ToString("d MMMM yyyy HH:mm", CultureInfo.CurrentCulture);

    /// <summary>"14:05:12".</summary>
    public static string Time(Timestamp? instant) =>
        instant is null ? string.Empty : Local(instant.ToDateTimeOffset()).ToString("HH:mm:ss", CultureInfo.CurrentCulture);

    /// <summary>"14:05:12" today, "28 november 14:05" before (an operator's list spans days).</summary>
    public static string Moment(Timestamp? instant, DateTimeOffset now)
    {
        if (instant is null)
        {
            return string.Empty;
        }

        var local = Local(instant.ToDateTimeOffset());
        return local.Date == Local(now).Date
            ? local.ToString("HH:mm:ss", CultureInfo.CurrentCulture)
            : local.ToString("d MMMM HH:mm", CultureInfo.CurrentCulture);
    }

    /// <summary>"1 december 2026".</summary>
    public static string Day(Timestamp? instant) =>
        instant is null ? string.Empty : Local(instant.ToDateTimeOffset()).ToString("d MMMM yyyy", CultureInfo.CurrentCulture);

    /// <summary>The last day of a period given by its first moment after it: "31 december 2026".</summary>
    public static string LastDay(Timestamp? end) =>
        end is null ? string.Empty : Local(end.ToDateTimeOffset()).AddTicks(-1).ToString("d MMMM yyyy", CultureInfo.CurrentCulture);

    /// <summary>"1 december 2026".</summary>
    public static string Date(string isoDate) =>
        DateOnly.TryParseExact(isoDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("d MMMM yyyy", CultureInfo.CurrentCulture)
            : isoDate;

    /// <summary>Whole hours and minutes of a number of hours: "3,5 uur" in Dutch.</summary>
    public static string Hours(double hours) => hours.ToString("0.#", CultureInfo.CurrentCulture);
}
