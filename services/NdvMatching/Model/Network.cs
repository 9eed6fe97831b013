namespace Pvi.NdvMatching.Model;

/// <summary>A staff network inside the Netwerk Divers Vakmanschap.</summary>
public sealed class Network
{
    public const string RozeInBlauw = "roze-in-blauw";

    public required string Code { get; init; }

    public required string Name { get; set; }

    public required string Description { get; set; }
}
