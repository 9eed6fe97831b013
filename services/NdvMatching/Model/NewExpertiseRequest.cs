namespace Pvi.NdvMatching.Model;

/// <summary>What a basic team asks for, as checked: known unit and tags, languages in canonical form, whole minutes.</summary>
public sealed record NewExpertiseRequest(
    string Unit,
    IReadOnlyList<string> NeededExpertise,
    IReadOnlyList<string> Languages,
    RequestUrgency Urgency,
    int ExpectedMinutes,
    string Description);
