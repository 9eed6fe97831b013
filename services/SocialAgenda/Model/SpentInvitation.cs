namespace Pvi.SocialAgenda.Model;

/// <summary>
/// The marker that a token was used: the hash alone, in its own table, with no time, wave or
/// reference to the response it produced.
/// </summary>
public sealed class SpentInvitation
{
    public required string TokenHash { get; init; }
}
