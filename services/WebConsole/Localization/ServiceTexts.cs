using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace Pvi.WebConsole.Localization;

/// <summary>
/// What the services say in English, in a few fixed shapes (field violations, routing reasons),
/// in the person's language; anything else as the service said it.
/// </summary>
public static partial class ServiceTexts
{
    public static string Violation(IStringLocalizer texts, string description) => Translate(texts, description, Violations);

    public static string RoutingReason(IStringLocalizer texts, string reason) => Translate(texts, reason, Reasons);

    private static string Translate(IStringLocalizer texts, string description, (Regex Pattern, string Key)[] shapes)
    {
        foreach (var (pattern, key) in shapes)
        {
            var match = pattern.Match(description);
            if (match.Success)
            {
                return string.Format(CultureInfo.CurrentCulture, texts[key], match.Groups.Values.Skip(1).Select(g => (object)g.Value).ToArray());
            }
        }

        return description;
    }

    private static readonly (Regex Pattern, string Key)[] Reasons =
    [
        (RegionRsc(), "RoutingRegionRsc"),
        (AnyTrained(), "RoutingAnyTrained"),
        (AnyFree(), "RoutingAnyFree"),
    ];

    private static readonly (Regex Pattern, string Key)[] Violations =
    [
        (Required(), "ViolationRequired"),
        (AtMostCharacters(), "ViolationAtMostCharacters"),
        (Between(), "ViolationBetween"),
        (MoreThanZeroAtMost(), "ViolationMoreThanZeroAtMost"),
        (NotKnown(), "ViolationNotKnown"),
        (NotInFuture(), "ViolationNotInFuture"),
        (AtLeastOne(), "ViolationAtLeastOne"),
        (Date(), "ViolationDate"),
        (Email(), "ViolationEmail"),
    ];

    [GeneratedRegex(@"^no Roze in Blauw member free; the RSC of the caller's region \((\w+)\) is open with a free LGBTIQ\+-trained operator$")]
    private static partial Regex RegionRsc();

    [GeneratedRegex(@"^no Roze in Blauw member free; an open RSC with a free LGBTIQ\+-trained operator")]
    private static partial Regex AnyTrained();

    [GeneratedRegex(@"^no Roze in Blauw member free and no trained operator free; an open RSC with a free operator")]
    private static partial Regex AnyFree();

    [GeneratedRegex("^is required$")]
    private static partial Regex Required();

    [GeneratedRegex(@"^must be at most (\d+) characters$")]
    private static partial Regex AtMostCharacters();

    [GeneratedRegex(@"^must be between (\S+) and (\S+)$")]
    private static partial Regex Between();

    [GeneratedRegex(@"^must be more than 0 and at most (\S+)$")]
    private static partial Regex MoreThanZeroAtMost();

    [GeneratedRegex(@"^is not (?:a|an) (?:known|registered) .+$")]
    private static partial Regex NotKnown();

    [GeneratedRegex("^must not be in the future$")]
    private static partial Regex NotInFuture();

    [GeneratedRegex(@"^must name at least one .+$")]
    private static partial Regex AtLeastOne();

    [GeneratedRegex(@"^must be a date as YYYY-MM-DD$")]
    private static partial Regex Date();

    [GeneratedRegex(@"^is not an e-mail address$")]
    private static partial Regex Email();
}
