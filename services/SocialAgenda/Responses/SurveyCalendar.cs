namespace Pvi.SocialAgenda.Responses;

/// <summary>The calendar day in the survey's time zone, on the injected clock.</summary>
public sealed class SurveyCalendar(TimeProvider time, SurveyOptions options)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), _zone).DateTime);
}
