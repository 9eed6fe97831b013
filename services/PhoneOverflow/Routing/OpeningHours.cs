using Pvi.PhoneOverflow.Model;
using Pvi.ServiceDefaults.Time;

namespace Pvi.PhoneOverflow.Routing;

/// <summary>Whether an RSC is open at a moment: the date's exception if there is one, else the weekday's hours, in local time.</summary>
public sealed class OpeningHours(LocalCalendar calendar)
{
    public DateTime Local(DateTime utc) => calendar.Local(utc);

    public bool IsOpen(RegionalServiceCentre rsc, DateTime utc)
    {
        var local = Local(utc);
        var minute = (local.Hour * 60) + local.Minute;
        var exception = rsc.Exceptions.FirstOrDefault(e => e.Date == DateOnly.FromDateTime(local));
        if (exception is not null)
        {
            return !exception.Closed && minute >= exception.OpensMinute && minute < exception.ClosesMinute;
        }

        var weekday = local.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)local.DayOfWeek;
        return rsc.Hours.Any(h => h.Weekday == weekday && minute >= h.OpensMinute && minute < h.ClosesMinute);
    }
}
