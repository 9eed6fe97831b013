namespace Pvi.NdvMatching.Matching;

/// <summary>A member with consent who is available now, with their budget figures for the current period.</summary>
public sealed record Candidate(
    string MemberId,
    string Name,
    string HomeUnit,
    IReadOnlyCollection<string> Expertise,
    IReadOnlyCollection<string> Languages,
    DateTime? LastAssignedAt,
    int UsedMinutes,
    int RemainingMinutes);
