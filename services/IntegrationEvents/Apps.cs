namespace Pvi.IntegrationEvents;

/// <summary>The app ids of the suite: tye.yaml names and Dapr app-ids.</summary>
public static class Apps
{
    public const string NdvMatching = "ndv-matching";
    public const string PhoneOverflow = "phone-overflow";
    public const string ComplaintPilot = "complaint-pilot";
    public const string SocialAgenda = "social-agenda";
}
