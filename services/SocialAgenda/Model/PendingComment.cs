namespace Pvi.SocialAgenda.Model;

/// <summary>A comment waiting for its unit's next release.</summary>
public sealed class PendingComment
{
    public required string Id { get; init; }

    public required string WaveId { get; init; }

    public required string Unit { get; init; }

    public required string QuestionId { get; init; }

    public required string Text { get; init; }
}
