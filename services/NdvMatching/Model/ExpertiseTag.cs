namespace Pvi.NdvMatching.Model;

/// <summary>One term of the expertise vocabulary, from seeds/ndv/expertise.json.</summary>
public sealed class ExpertiseTag
{
    public required string Code { get; init; }

    public required string Category { get; set; }

    public required string LabelNl { get; set; }

    public required string LabelEn { get; set; }
}
