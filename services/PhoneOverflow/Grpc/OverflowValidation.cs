using System.Globalization;
using System.Text.RegularExpressions;
using Pvi.Overflow.V1;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.PhoneOverflow.Grpc;

/// <summary>The field rules of the overflow API.</summary>
public static partial class OverflowValidation
{
    [GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$")]
    private static partial Regex CallIdPattern();

    [GeneratedRegex(@"^\+?[0-9]{3,20}$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{1,63}$")]
    private static partial Regex RscCodePattern();

    public static void CallId(FieldViolations violations, string field, string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            violations.Add(field, "is required");
        }
        else if (!CallIdPattern().IsMatch(value))
        {
            violations.Add(field, "must be 1 to 100 letters, digits or . _ : -");
        }
    }

    public static void CallerNumber(FieldViolations violations, string field, string value)
    {
        if (!string.IsNullOrEmpty(value) && !NumberPattern().IsMatch(value))
        {
            violations.Add(field, "must be 3 to 20 digits with an optional leading +");
        }
    }

    public static void RscCode(FieldViolations violations, string field, string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            violations.Add(field, "is required");
        }
        else if (!RscCodePattern().IsMatch(value))
        {
            violations.Add(field, "must be 2 to 64 capitals, digits or dashes, e.g. RSC-RT");
        }
    }

    public static void Hours(FieldViolations violations, string field, IReadOnlyList<DailyHours> hours)
    {
        for (var i = 0; i < hours.Count; i++)
        {
            var h = hours[i];
            violations.Range($"{field}[{i}].weekday", h.Weekday, 1, 7);
            violations.Range($"{field}[{i}].opens_minute", h.OpensMinute, 0, 1439);
            if (h.ClosesMinute <= h.OpensMinute || h.ClosesMinute > 1440)
            {
                violations.Add($"{field}[{i}].closes_minute", "must be after opens_minute and at most 1440");
            }
        }

        foreach (var day in hours.GroupBy(h => h.Weekday))
        {
            var ordered = day.OrderBy(h => h.OpensMinute).ToList();
            if (ordered.Zip(ordered.Skip(1)).Any(pair => pair.Second.OpensMinute < pair.First.ClosesMinute))
            {
                violations.Add(field, $"weekday {day.Key} has overlapping hours");
            }
        }
    }

    public static List<(DateOnly Date, OpeningException Source)> Exceptions(FieldViolations violations, string field, IReadOnlyList<OpeningException> exceptions)
    {
        var parsed = new List<(DateOnly, OpeningException)>();
        for (var i = 0; i < exceptions.Count; i++)
        {
            var e = exceptions[i];
            if (violations.Date($"{field}[{i}].date", e.Date, required: true) is not { } date)
            {
                continue;
            }

            if (!e.Closed && (e.OpensMinute < 0 || e.OpensMinute > 1439 || e.ClosesMinute <= e.OpensMinute || e.ClosesMinute > 1440))
            {
                violations.Add($"{field}[{i}]", "opens_minute must be 0 to 1439 and closes_minute after it, at most 1440 (or set closed)");
            }

            parsed.Add((date, e));
        }

        if (parsed.GroupBy(p => p.Item1).Any(g => g.Count() > 1))
        {
            violations.Add(field, "has a date twice");
        }

        return parsed;
    }

    /// <summary>All digits but the last three hidden: enough for a person to recognise a callback, nothing more.</summary>
    public static string Mask(string? number) =>
        string.IsNullOrEmpty(number) ? string.Empty
        : number.Length <= 3 ? new string('*', number.Length)
        : new string('*', number.Length - 3) + number[^3..];
}
