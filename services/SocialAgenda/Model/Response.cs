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

/// <summary>A free-text comment, stored apart from the response it came with.</summary>
public sealed class SurveyComment
{
    public required string Id { get; init; }

    public required string WaveId { get; init; }

    public required string Unit { get; init; }

    public required string QuestionId { get; init; }

    public required string Text { get; init; }
}

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

/// <summary>A comment waiting for its unit's next release.</summary>
public sealed class PendingComment
{
    public required string Id { get; init; }

    public required string WaveId { get; init; }

    public required string Unit { get; init; }

    public required string QuestionId { get; init; }

    public required string Text { get; init; }
}

/// <summary>The published results of a group in a closed wave (protobuf JSON of <c>GroupResults</c>; "" is the national picture).</summary>
public sealed class ResultSnapshot
{
    public required string WaveId { get; init; }

    public required string Unit { get; init; }

    public required string Results { get; set; }
}
