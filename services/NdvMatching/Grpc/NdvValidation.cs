using System.Text.RegularExpressions;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Pvi.NdvMatching.Matching;
using Pvi.Ndv.V1;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Errors;
using Model = Pvi.NdvMatching.Model;

namespace Pvi.NdvMatching.Grpc;

/// <summary>The field rules of the NDV API; every violation of a request is collected before anything is written.</summary>
public static partial class NdvValidation
{

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,63}$")]
    private static partial Regex MemberIdPattern();

    [GeneratedRegex("^[a-z]{2,3}$")]
    private static partial Regex LanguagePattern();

    [GeneratedRegex(@"^\+?[0-9][0-9 ()-]{5,31}$")]
    private static partial Regex PhonePattern();

    /// <summary>The field checks of CreateExpertiseRequest, all violations at once; what passes is the request the model takes.</summary>
    public static Model.NewExpertiseRequest ExpertiseRequest(CreateExpertiseRequestRequest request, Vocabulary vocabulary)
    {
        var violations = new FieldViolations();
        violations.RequestId(request.RequestId);
        Unit(violations, "unit", request.Unit, vocabulary);
        if (request.NeededExpertise.Count == 0)
        {
            violations.Add("needed_expertise", "must name at least one expertise tag");
        }

        var tags = Tags(violations, "needed_expertise", request.NeededExpertise, vocabulary, max: 10);
        var languages = Languages(violations, "languages", request.Languages, max: 5);
        violations.Defined("urgency", request.Urgency);
        var minutes = Hours(violations, "expected_hours", request.ExpectedHours);
        violations.Required("description", request.Description).MaxLength("description", request.Description, Model.NdvLimits.Description);
        violations.ThrowIfAny();
        return new(request.Unit, tags, languages, (Model.RequestUrgency)(int)request.Urgency, minutes, request.Description.Trim());
    }

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

    public static void Unit(FieldViolations violations, string field, string value, Vocabulary vocabulary, bool required = true) =>
        violations.Known(field, value, vocabulary.Units.ContainsKey, "unit code", required);

    public static void Name(FieldViolations violations, string field, string value) =>
        violations.Required(field, value).MaxLength(field, value, Model.NdvLimits.MemberName);

    public static void Email(FieldViolations violations, string field, string value)
    {
        violations.Required(field, value).MaxLength(field, value, Model.NdvLimits.Email);
        if (!string.IsNullOrEmpty(value) && !System.Net.Mail.MailAddress.TryCreate(value, out _))
        {
            violations.Add(field, "is not an e-mail address");
        }
    }

    public static void Phone(FieldViolations violations, string field, string value)
    {
        if (value.Length > Model.NdvLimits.Phone)
        {
            violations.MaxLength(field, value, Model.NdvLimits.Phone);
        }
        else if (!string.IsNullOrEmpty(value) && !PhonePattern().IsMatch(value))
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
        if (!double.IsFinite(hours) || hours <= 0 || hours > Model.NdvLimits.Hours)
        {
            violations.Add(field, $"must be more than 0 and at most {Model.NdvLimits.Hours}");
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
