namespace Pvi.ServiceDefaults.Time;

/// <summary>
/// The calendar of a service's time zone (Europe/Amsterdam for the police) on the injected clock:
/// the local date and time of an instant, today, and the instant a local time of day falls on.
/// Each service registers one with its configured zone (<c>AddLocalCalendar</c>); nothing else
/// converts between UTC and local time.
/// </summary>
public sealed class LocalCalendar(TimeProvider time, string timeZone)
{
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(timeZone);

    /// <summary>The local date and time now.</summary>
    public DateTime Now => Local(time.GetUtcNow().UtcDateTime);

    /// <summary>Today's date in the zone.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Now);

    /// <summary>The local date and time (kind unspecified) of a UTC instant.</summary>
    public DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>The local date of a UTC instant.</summary>
    public DateOnly Date(DateTime utc) => DateOnly.FromDateTime(Local(utc));

    /// <summary>
    /// The UTC instant of a local date and time. A time the clocks skip when summer time begins
    /// (02:30 on the last Sunday of March) is the moment after the gap (03:30 summer time); a time
    /// that occurs twice when it ends is its first occurrence (summer time).
    /// </summary>
    public DateTime ToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            var rule = Zone.GetAdjustmentRules().FirstOrDefault(r => r.DateStart <= local.Date && local.Date <= r.DateEnd);
            local = local + (rule?.DaylightDelta ?? TimeSpan.FromHours(1));
        }

        if (Zone.IsAmbiguousTime(local))
        {
            var offset = Zone.GetAmbiguousTimeOffsets(local).Max();
            return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }

    /// <summary>The UTC instant a local date begins.</summary>
    public DateTime StartOf(DateOnly date) => ToUtc(date.ToDateTime(TimeOnly.MinValue));
}
