namespace Pvi.SocialAgenda.Model;

/// <summary>A police unit (eenheid).</summary>
public sealed class Unit
{
    public required string Code { get; init; }

    public required string Name { get; set; }

    public required string Kind { get; set; }
}
