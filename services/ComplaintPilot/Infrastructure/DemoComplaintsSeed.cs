using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pvi.ComplaintPilot.Handling;
using Pvi.ComplaintPilot.Model;
using Channel = Pvi.Complaints.V1.Channel;
using Pvi.ServiceData;

namespace Pvi.ComplaintPilot.Infrastructure;

/// <summary>
/// The fictional complaints of seeds/complaints/demo-complaints.json, in several states, loaded into
/// an empty table when <c>Complaints:SeedDemoComplaints</c> is on (the embedded default). Invented
/// people only.
/// </summary>
public sealed class DemoComplaintsSeed(ComplaintOptions options, TimeProvider time) : ISeedData<ComplaintsDbContext>
{
    public async Task SeedAsync(ComplaintsDbContext db, CancellationToken cancellationToken)
    {
        if (!options.SeedDemoComplaints || await db.Complaints.AnyAsync(cancellationToken))
        {
            return;
        }

        var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Code, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var seed in await SeedFiles.ReadAsync<List<DemoComplaint>>("complaints/demo-complaints.json", cancellationToken))
        {
            var pilot = categories[seed.Category].EthnicProfiling && options.PilotUnits.Contains(seed.Unit);
            var complaint = new Complaint
            {
                Id = seed.Id,
                Fingerprint = "seed",
                RegisteredBy = "seed",
                Unit = seed.Unit,
                ReceiveDate = Date(seed.ReceiveDate),
                Channel = (int)Channel.Written,
                ComplainantName = seed.ComplainantName,
                ConductDate = Date(seed.ConductDate),
                ConductDescription = seed.ConductDescription,
                Officers = seed.Officers.Select(o => new InvolvedOfficer { OfficerId = o.OfficerId, Team = o.Team }).ToList(),
                Category = seed.Category,
                PilotCase = pilot,
                Status = Enum.Parse<ComplaintState>(seed.Status),
                HandlerId = seed.HandlerId,
                HandlerTeam = seed.HandlerTeam,
                AcknowledgeDate = seed.Status == nameof(ComplaintState.Received) ? null : Date(seed.ReceiveDate).AddDays(3),
                Outcome = seed.Outcome,
                DeclineGround = seed.DeclineGround,
                DecisionReasons = seed.DecisionReasons,
                DecideDate = seed.DecideDate is null ? null : Date(seed.DecideDate),
                Hearing = seed.Hearing,
                SelectionRecorded = seed.SelectionExplained is not null,
                SelectionExplained = seed.SelectionExplained ?? false,
                SelectionReason = seed.SelectionExplained is null ? null : "Recorded at the hearing.",
                CreatedAt = now,
            };
            complaint.DecisionDue = AwbDeadlines.DecisionDue(complaint);
            db.Complaints.Add(complaint);
            db.History.Add(new ComplaintHistoryEntry { ComplaintId = complaint.Id, At = now, Kind = "registered", Actor = "seed", Detail = "demo data" });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static DateOnly Date(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record DemoOfficer(string OfficerId, string Team);

    private sealed record DemoComplaint(
        string Id, string Unit, string ReceiveDate, string ConductDate, string ComplainantName, string ConductDescription,
        List<DemoOfficer> Officers, string Category, string Status, string? HandlerId, string? HandlerTeam,
        int Outcome, int DeclineGround, string? DecisionReasons, string? DecideDate, int Hearing, bool? SelectionExplained);
}
