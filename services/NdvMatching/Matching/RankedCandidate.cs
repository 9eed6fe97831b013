namespace Pvi.NdvMatching.Matching;

/// <summary>A candidate's place in the ranking and the reasons for it.</summary>
public sealed record RankedCandidate(
    int Rank,
    Candidate Candidate,
    double Coverage,
    IReadOnlyList<string> MatchedExpertise,
    IReadOnlyList<string> MatchedLanguages,
    bool SameUnit,
    IReadOnlyList<string> Reasons);
