using Microsoft.EntityFrameworkCore;
using Pvi.ComplaintPilot.Infrastructure;
using Pvi.ComplaintPilot.Model;
using Pvi.ServiceData;
using Model = Pvi.ComplaintPilot.Model;

namespace Pvi.ComplaintPilot.Handling;

/// <summary>
/// Erases the complainant's name and contact details of complaints closed longer ago than
/// <see cref="ComplaintOptions.RetentionAfterClose"/>; what happened, the outcome and the figures stay.
/// </summary>
public sealed class ComplainantErasure(ComplaintsDbContext db, AwbDeadlines deadlines, ComplaintOptions options, TimeProvider time)
{
    public Task<int> RunAsync(CancellationToken cancellationToken) => db.RunAsync(async ct =>
    {
        var closedBefore = deadlines.Today.AddDays(-(int)options.RetentionAfterClose.TotalDays);
        var due = await db.Complaints
            .Where(c => c.ComplainantErasedAt == null && c.DecideDate != null && c.DecideDate < closedBefore)
            .Take(500)
            .ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var complaint in due)
        {
            complaint.ComplainantName = null;
            complaint.ComplainantEmail = null;
            complaint.ComplainantPhone = null;
            complaint.ComplainantAddress = null;
            complaint.ComplainantErasedAt = now;
            complaint.Version++;
            db.History.Add(new Model.ComplaintHistoryEntry { ComplaintId = complaint.Id, At = now, Kind = "complainant-erased", Actor = "system", Detail = "retention period after closing passed" });
        }

        await db.SaveChangesAsync(ct);
        return due.Count;
    }, cancellationToken);
}
