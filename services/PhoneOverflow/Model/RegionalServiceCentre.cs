namespace Pvi.PhoneOverflow.Model;

/// <summary>A regional service centre: the call centre of a regional unit.</summary>
public sealed class RegionalServiceCentre
{
    public required string Code { get; init; }

    public required string Name { get; set; }

    public required string Unit { get; set; }
}
