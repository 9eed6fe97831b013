namespace Pvi.ComplaintPilot.Model;

/// <summary>A category a complaint is registered under.</summary>
public sealed class ComplaintCategory
{
    public required string Code { get; init; }

    public required string Name { get; set; }

    public required bool EthnicProfiling { get; set; }
}
