namespace Pvi.NdvMatching.Model;

/// <summary>
/// An NDV member's profile. Networks, expertise and languages are special categories of personal
/// data (GDPR art. 9): used for matching only while <see cref="ConsentActive"/>.
/// </summary>
public sealed class Member
{
    public required string Id { get; init; }

    public required string Name { get; set; }

    public string Email { get; set; } = string.Empty;

    public string Phone { get; set; } = string.Empty;

    public required string HomeUnit { get; set; }

    public List<string> Networks { get; set; } = [];

    public List<string> ExpertiseTags { get; set; } = [];

    public List<string> Languages { get; set; } = [];

    public bool ConsentActive { get; set; }

    public DateTime? ConsentRecordedAt { get; set; }

    public DateTime? ConsentWithdrawnAt { get; set; }

    public List<UnavailablePeriod> Unavailable { get; set; } = [];

    public DateTime? LastAssignedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Bumped by every change, offers to the member included: two offers cannot both take the last hours.</summary>
    public int Version { get; set; }

    public void Touch(DateTime now)
    {
        UpdatedAt = now;
        Version++;
    }
}
