namespace Pvi.SocialAgenda.Model;

/// <summary>A free-text comment, stored apart from the response it came with.</summary>
public sealed class SurveyComment
{
    public required string Id { get; init; }

    public required string WaveId { get; init; }

    public required string Unit { get; init; }

    public required string QuestionId { get; init; }

    public required string Text { get; init; }
}
