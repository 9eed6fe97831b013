namespace Pvi.ComplaintPilot.Model;

/// <summary>Who read a complainant's details, and when.</summary>
public sealed class ComplainantAccess
{
    public long Id { get; set; }

    public required string ComplaintId { get; init; }

    public required string ReaderId { get; init; }

    public required string ReaderRole { get; init; }

    public DateTime At { get; init; }
}
