using Pvi.ComplaintPilot.Model;

namespace Pvi.ComplaintPilot.Handling;

/// <summary>The unit codes and complaint categories of seeds/.</summary>
public sealed record ComplaintVocabulary(IReadOnlySet<string> Units, IReadOnlyDictionary<string, ComplaintCategory> Categories);
