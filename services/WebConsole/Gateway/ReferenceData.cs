using System.Text.Json;
using Pvi.Ndv.V1;

namespace Pvi.WebConsole.Gateway;

/// <summary>
/// What the pages show names for: the units of seeds/units.json (copied with the console), the
/// languages a request may name, and the expertise vocabulary and networks of the NDV service
/// (read once per page from the gateway, in the person's language).
/// </summary>
public sealed class ReferenceData
{
    /// <summary>The languages asked for most, ISO 639 codes; each has a name in the resources ("Language_ar").</summary>
    public static readonly string[] Languages = ["ar", "ber", "tr", "pap", "srn", "zh", "he", "fa", "en", "pl", "so", "ti", "uk"];

    private static readonly Lazy<IReadOnlyList<Unit>> AllUnits = new(() =>
        JsonSerializer.Deserialize<List<Unit>>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "seeds", "units.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!);

    public static IReadOnlyList<Unit> Units => AllUnits.Value;

    public static string UnitName(string? code) => Units.FirstOrDefault(u => u.Code == code)?.Name ?? code ?? string.Empty;

    /// <summary>The Dutch or English label of a tag, as the person reads.</summary>
    public static string Label(ExpertiseTag tag) =>
        System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "nl" ? tag.LabelNl : tag.LabelEn;

    public sealed record Unit(string Code, string Name);
}
