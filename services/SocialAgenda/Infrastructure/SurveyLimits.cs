namespace Pvi.SocialAgenda.Infrastructure;

/// <summary>
/// The sizes of the survey API, defined once: the checks of the requests and the schema's columns
/// use these, and the proto's comments state them.
/// </summary>
public static class SurveyLimits
{
    public const int CommentLength = 4000;
    public const int MaxQuestions = 100;
    public const int MaxInvitationsPerRequest = 20_000;

    /// <summary>An instrument's, a wave's or a measure's title.</summary>
    public const int Title = 200;

    public const int QuestionText = 1000;

    /// <summary>The words at the two ends of a scale.</summary>
    public const int ScaleLabel = 100;

    public const int MeasureDescription = 4000;

    public const int MeasureOwner = 200;
}
