namespace Pvi.ComplaintPilot.Model;

/// <summary>An officer whose conduct the complaint is about, with their team (Awb 9:7 and the pilot's independence).</summary>
public sealed class InvolvedOfficer
{
    public required string OfficerId { get; set; }

    public required string Team { get; set; }
}
