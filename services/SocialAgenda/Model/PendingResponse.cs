namespace Pvi.SocialAgenda.Model;

/// <summary>
/// A response waiting until its unit has enough of them to be released together in random order,
/// so that the order of the response table says nothing about the order in which tokens were used.
/// </summary>
public sealed class PendingResponse
{
    public required string Id { get; init; }

    public required string WaveId { get; init; }

    public required string Unit { get; init; }

    public required string Answers { get; init; }
}
