namespace Pvi.ComplaintPilot.Model;

/// <summary>A complaint as registered: the checked fields of the request, trimmed, empty ones as null.</summary>
public sealed record ComplaintRegistration(
    string Unit,
    DateOnly ReceiveDate,
    int Channel,
    string ComplainantName,
    string? ComplainantEmail,
    string? ComplainantPhone,
    string? ComplainantAddress,
    DateOnly ConductDate,
    string ConductDescription,
    IReadOnlyList<InvolvedOfficer> Officers,
    ComplaintCategory Category);
