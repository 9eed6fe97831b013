namespace Pvi.SocialAgenda.Results;

/// <summary>The thresholds results are suppressed with.</summary>
public readonly record struct Thresholds(int Score, int Comment);
