namespace Pvi.SocialAgenda.Model;

/// <summary>
/// A response as stored: a random id, the wave, the unit, the day it was counted and the scale
/// answers in the instrument's question order. Nothing else: no token, no person, no address,
/// no time of day. Responses reach this table in shuffled batches of a unit (see <see cref="PendingResponse"/>).
/// </summary>
public sealed class SurveyResponse
{
    public required string Id { get; init; }

    public required string WaveId { get; init; }

    public required string Unit { get; init; }

    public DateOnly Day { get; init; }

    /// <summary>One entry per question of the instrument, in order: the value, or empty when not answered or a comment.</summary>
    public required string Answers { get; init; }
}
