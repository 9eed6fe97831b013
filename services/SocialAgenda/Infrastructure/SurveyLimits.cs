namespace Pvi.SocialAgenda.Infrastructure;

/// <summary>Sizes shared by the validation and the schema.</summary>
public static class SurveyLimits
{
    public const int CommentLength = 4000;
    public const int MaxQuestions = 100;
    public const int MaxInvitationsPerRequest = 20_000;
}
