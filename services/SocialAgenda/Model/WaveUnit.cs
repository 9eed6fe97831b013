namespace Pvi.SocialAgenda.Model;

/// <summary>How many invitations a unit received in a wave.</summary>
public sealed class WaveUnit
{
    public required string WaveId { get; init; }

    public required string Unit { get; init; }

    public int Invited { get; set; }
}
