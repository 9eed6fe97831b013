namespace Pvi.NdvMatching.Model;

/// <summary>A police unit (eenheid), from seeds/units.json.</summary>
public sealed class Unit
{
    public required string Code { get; init; }

    public required string Name { get; set; }
}
