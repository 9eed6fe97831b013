using System.Text.RegularExpressions;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Pvi.NdvMatching.Matching;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.NdvMatching.Grpc;

/// <summary>The field rules of the NDV API; every violation of a request is collected before anything is written.</summary>
public static partial class NdvValidation
{
    public const double MaxHours = 200;
    public const int MaxDescription = 2000;
    public const int MaxReason = 500;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,63}$")]
    private static partial Regex MemberIdPattern();

    [GeneratedRegex("^[a-z]{2,3}$")]
    private static partial Regex LanguagePattern();

    [GeneratedRegex(@"^\+?[0-9][0-9 ()-]{5,31}$")]
    private static partial Regex PhonePattern();

    public static void MemberId(FieldViolations violations, string field, string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            violations.Add(field, "is required");
        }
        else if (!MemberIdPattern().IsMatch(value))
        {
            violations.Add(field, "must be 3 to 64 lower-case letters, digits or dashes");
        }
    }

    public static void Unit(FieldViolations violations, string field, string value, Vocabulary vocabulary, bool required = true)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                violations.Add(field, "is required");
            }
        }
        else if (!vocabulary.Units.ContainsKey(value))
        {
            violations.Add(field, "is not a known unit code");
        }
    }

    public static void Name(FieldViolations violations, string field, string value) =>
        violations.Required(field, value).MaxLength(field, value, 200);

    public static void Email(FieldViolations violations, string field, string value)
    {
        violations.Required(field, value).MaxLength(field, value, 254);
        if (!string.IsNullOrEmpty(value) && !System.Net.Mail.MailAddress.TryCreate(value, out _))
        {
            violations.Add(field, "is not an e-mail address");
        }
    }

    public static void Phone(FieldViolations violations, string field, string value)
    {
        if (!string.IsNullOrEmpty(value) && !PhonePattern().IsMatch(value))
        {
            violations.Add(field, "is not a phone number (digits, spaces, dashes, parentheses, an optional leading +)");
        }
    }

    public static List<string> Codes(FieldViolations violations, string field, RepeatedField<string> values, int max, Func<string, bool> known, string unknown)
    {
        if (values.Count > max)
        {
            violations.Add(field, $"must hold at most {max} values");
        }

        for (var i = 0; i < values.Count && i < max; i++)
        {
            if (!known(values[i]))
            {
                violations.Add($"{field}[{i}]", unknown);
            }
        }

        return values.Distinct(StringComparer.Ordinal).ToList();
    }

    public static List<string> Networks(FieldViolations violations, string field, RepeatedField<string> values, Vocabulary vocabulary) =>
        Codes(violations, field, values, 20, vocabulary.Networks.ContainsKey, "is not a known network code");

    public static List<string> Tags(FieldViolations violations, string field, RepeatedField<string> values, Vocabulary vocabulary, int max = 50) =>
        Codes(violations, field, values, max, vocabulary.Tags.ContainsKey, "is not a known expertise tag");

    public static List<string> Languages(FieldViolations violations, string field, RepeatedField<string> values, int max = 20) =>
        Codes(violations, field, values, max, value => LanguagePattern().IsMatch(value), "must be an ISO 639 code in lower case (e.g. ar, tr, pap)");

    public static int Hours(FieldViolations violations, string field, double hours)
    {
        if (!double.IsFinite(hours) || hours <= 0 || hours > MaxHours)
        {
            violations.Add(field, $"must be more than 0 and at most {MaxHours}");
            return 0;
        }

        var minutes = DutyBudgets.ToMinutes(hours);
        if (minutes == 0)
        {
            violations.Add(field, "must be at least one minute");
        }

        return minutes;
    }

}
