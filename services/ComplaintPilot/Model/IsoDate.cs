using System.Globalization;

namespace Pvi.ComplaintPilot.Model;

/// <summary>A complaint's dates as the API, the events and the history write them: yyyy-MM-dd, empty when there is none.</summary>
public static class IsoDate
{
    public static string Format(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;
}
