namespace Pvi.SocialAgenda.Model;

/// <summary>An invitation: the hash of its token, the wave and the unit. Never the person it went to.</summary>
public sealed class Invitation
{
    public required string TokenHash { get; init; }

    public required string WaveId { get; init; }

    public required string Unit { get; init; }
}
