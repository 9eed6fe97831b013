using Microsoft.EntityFrameworkCore;
using Pvi.ComplaintPilot.Infrastructure;
using Pvi.ComplaintPilot.Model;
using Pvi.Complaints.V1;
using Pvi.IntegrationEvents.Publishing;
using Pvi.ServiceDefaults.Data;
using Pvi.ServiceDefaults.Hosting;
using Model = Pvi.ComplaintPilot.Model;

namespace Pvi.ComplaintPilot.Handling;

/// <summary>
/// Keeps the Awb clock: a warning when an open complaint's decision deadline is
/// <see cref="ComplaintOptions.WarningDays"/> away, an event when it passed without a decision;
/// each once per deadline (an extension or consented delay gives a new one).
/// </summary>
public sealed class DeadlineWatch(ComplaintsDbContext db, AwbDeadlines deadlines, ComplaintOptions options, IOutbox outbox, TimeProvider time)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var today = deadlines.Today;
        var warnFrom = today.AddDays(options.WarningDays);
        var due = await db.Complaints
            .Where(c => (c.Status == ComplaintState.Received || c.Status == ComplaintState.PhaseOne || c.Status == ComplaintState.PhaseTwo || c.Status == ComplaintState.WithCommittee)
                && ((c.DecisionDue <= warnFrom && c.DeadlineWarnedFor != c.DecisionDue) || (c.DecisionDue < today && c.DeadlineMissedFor != c.DecisionDue)))
            .OrderBy(c => c.DecisionDue)
            .Take(500)
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var complaint in due)
        {
            var dueDate = complaint.DecisionDue.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
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

        await db.SaveChangesAsync(cancellationToken);
        return due.Count;
    }

    private void History(Model.Complaint complaint, string kind, string detail, DateTime now) =>
        db.History.Add(new ComplaintHistoryEntry { ComplaintId = complaint.Id, At = now, Kind = kind, Actor = "system", Detail = detail });
}

/// <summary>
/// Erases the complainant's name and contact details of complaints closed longer ago than
/// <see cref="ComplaintOptions.RetentionAfterClose"/>; what happened, the outcome and the figures stay.
/// </summary>
public sealed class ComplainantErasure(ComplaintsDbContext db, AwbDeadlines deadlines, ComplaintOptions options, TimeProvider time)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var closedBefore = deadlines.Today.AddDays(-(int)options.RetentionAfterClose.TotalDays);
        var due = await db.Complaints
            .Where(c => c.ComplainantErasedAt == null && c.DecideDate != null && c.DecideDate < closedBefore)
            .Take(500)
            .ToListAsync(cancellationToken);
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

        await db.SaveChangesAsync(cancellationToken);
        return due.Count;
    }
}

/// <summary>Runs <see cref="DeadlineWatch"/> and <see cref="ComplainantErasure"/> by themselves on the injected clock.</summary>
public sealed class DeadlineClock(
    IServiceScopeFactory scopes, DatabaseInitialization<ComplaintsDbContext> database, ComplaintOptions options, TimeProvider time, ILogger<DeadlineClock> logger)
    : ClockedWork<ComplaintsDbContext>(scopes, database, time, logger)
{
    protected override TimeSpan Interval => options.DeadlineCheckInterval;

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<DeadlineWatch>().RunAsync(cancellationToken);
        await services.GetRequiredService<ComplainantErasure>().RunAsync(cancellationToken);
    }
}
