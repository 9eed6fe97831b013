using System.ComponentModel.DataAnnotations;

namespace Pvi.SocialAgenda;

/// <summary>Section <c>Survey</c>: the reporting thresholds and the anonymity of the intake.</summary>
public sealed class SurveyOptions
{
    public const string SectionName = "Survey";

    /// <summary>The smallest thresholds of practice; configuration may raise them, never lower them.</summary>
    public const int MinimumScoreThreshold = 5;

    public const int MinimumCommentThreshold = 10;

    /// <summary>Scores of a group with fewer responses are suppressed.</summary>
    [Range(MinimumScoreThreshold, 10_000, ErrorMessage = "Survey:ScoreThreshold can only be raised above its default of 5.")]
    public int ScoreThreshold { get; set; } = MinimumScoreThreshold;

    /// <summary>Comments of a group with fewer responses are suppressed.</summary>
    [Range(MinimumCommentThreshold, 10_000, ErrorMessage = "Survey:CommentThreshold can only be raised above its default of 10.")]
    public int CommentThreshold { get; set; } = MinimumCommentThreshold;

    /// <summary>
    /// Responses of a unit wait until this many are there, then enter the response table together
    /// in random order (the rest when the wave closes).
    /// </summary>
    [Range(2, 1_000)]
    public int ReleaseBatchSize { get; set; } = 10;

    /// <summary>The time zone whose calendar gives the day kept with a response.</summary>
    public string TimeZone { get; set; } = "Europe/Amsterdam";

    /// <summary>Load the instrument and two closed demo waves with synthetic responses (embedded default).</summary>
    public bool SeedDemoWaves { get; set; }
}
