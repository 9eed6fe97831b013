using Microsoft.EntityFrameworkCore;
using Pvi.ComplaintPilot.Infrastructure;
using Pvi.ComplaintPilot.Model;
using Pvi.Complaints.V1;
using Pvi.IntegrationEvents.Publishing;
using Pvi.ServiceData;
using Model = Pvi.ComplaintPilot.Model;

namespace Pvi.ComplaintPilot.Handling;

/// <summary>
/// Keeps the Awb clock: a warning when an open complaint's decision deadline is
/// <see cref="ComplaintOptions.WarningDays"/> away, an event when it passed without a decision;
/// each once per deadline (an extension or consented delay gives a new one).
/// </summary>
public sealed class DeadlineWatch(ComplaintsDbContext db, AwbDeadlines deadlines, ComplaintOptions options, IOutbox outbox, TimeProvider time)
{
    public Task<int> RunAsync(CancellationToken cancellationToken) => db.RunAsync(async ct =>
    {
        var today = deadlines.Today;
        var warnFrom = today.AddDays(options.WarningDays);
        var due = await db.Complaints
            .Where(c => Model.Complaint.OpenStates.Contains(c.Status)
                && ((c.DecisionDue <= warnFrom && c.DeadlineWarnedFor != c.DecisionDue) || (c.DecisionDue < today && c.DeadlineMissedFor != c.DecisionDue)))
            .OrderBy(c => c.DecisionDue)
            .Take(500)
            .ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var complaint in due)
        {
            var dueDate = IsoDate.Format(complaint.DecisionDue);
            if (complaint.DeadlineWarnedFor != complaint.DecisionDue)
            {
                complaint.DeadlineWarnedFor = complaint.DecisionDue;
                var daysLeft = complaint.DecisionDue.DayNumber - today.DayNumber;
                History(complaint, "deadline-warning", $"decision due {dueDate}, {daysLeft} day(s) left", now);
                outbox.Enqueue(complaint.Id, new ComplaintDeadlineWarning { ComplaintId = complaint.Id, Unit = complaint.Unit, DecisionDue = dueDate, DaysLeft = daysLeft });
            }

            if (complaint.DecisionDue < today && complaint.DeadlineMissedFor != complaint.DecisionDue)
            {
                complaint.DeadlineMissedFor = complaint.DecisionDue;
                History(complaint, "deadline-missed", $"decision was due {dueDate} (Awb 9:11)", now);
                outbox.Enqueue(complaint.Id, new ComplaintDeadlineMissed { ComplaintId = complaint.Id, Unit = complaint.Unit, DecisionDue = dueDate });
            }

            complaint.Version++;
        }

        await db.SaveChangesAsync(ct);
        return due.Count;
    }, cancellationToken);

    private void History(Model.Complaint complaint, string kind, string detail, DateTime now) =>
        db.History.Add(new ComplaintHistoryEntry { ComplaintId = complaint.Id, At = now, Kind = kind, Actor = "system", Detail = detail });
}
