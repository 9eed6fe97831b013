using Pvi.NdvMatching.Model;

namespace Pvi.NdvMatching.Matching;

/// <summary>The reference data that requests and profiles are checked against: units, networks, expertise tags.</summary>
public sealed record Vocabulary(
    IReadOnlyDictionary<string, Unit> Units,
    IReadOnlyDictionary<string, Network> Networks,
    IReadOnlyDictionary<string, ExpertiseTag> Tags);
