namespace Pvi.PhoneOverflow.Model;

/// <summary>Opening hours on one ISO weekday (1 = Monday), [OpensMinute, ClosesMinute) local time.</summary>
public sealed class DailyHours
{
    public int Weekday { get; set; }

    public int OpensMinute { get; set; }

    public int ClosesMinute { get; set; }
}
