namespace Pvi.NdvMatching.Matching;

/// <summary>What a request needs, as the ranking sees it.</summary>
public sealed record RequestNeeds(string Unit, IReadOnlyCollection<string> Expertise, IReadOnlyCollection<string> Languages, int ExpectedMinutes);
