using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.Complaints.V1;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceDefaults.Errors;
using Model = Pvi.ComplaintPilot.Model;

namespace Pvi.ComplaintPilot.Grpc;

public sealed partial class ComplaintPilotGrpcService
{
    public override async Task<ComplaintFigures> GetComplaintFigures(GetComplaintFiguresRequest request, ServerCallContext context)
    {
        var caller = ComplaintCaller.From(context);
        caller.Demand(caller.Reports);
        var ct = context.CancellationToken;
        var violations = new FieldViolations();
        violations.Range("year", request.Year, 2000, 2100).Range("quarter", request.Quarter, 1, 4);
        violations.ThrowIfAny();
        var units = await ReportingUnitsAsync(caller, request.Unit, ct);

        var from = new DateOnly(request.Year, ((request.Quarter - 1) * 3) + 1, 1);
        var until = from.AddMonths(3);
        var today = deadlines.Today;
        var complaints = await db.Complaints.AsNoTracking()
            .Where(c => units.Contains(c.Unit) && c.ReceiveDate >= from && c.ReceiveDate < until)
            .Select(c => new { c.Unit, c.Category, c.Status, c.Outcome, c.PilotCase, c.ReceiveDate, c.DecideDate, c.DecisionDue, c.SelectionRecorded, c.SelectionExplained })
            .ToListAsync(ct);

        var figures = new ComplaintFigures { Year = request.Year, Quarter = request.Quarter };
        foreach (var unit in units.Order(StringComparer.Ordinal))
        {
            var ofUnit = complaints.Where(c => c.Unit == unit).ToList();
            var closed = ofUnit.Where(c => c.DecideDate is not null).ToList();
            var row = new UnitComplaintFigures
            {
                Unit = unit,
                Received = ofUnit.Count,
                PilotCases = ofUnit.Count(c => c.PilotCase),
                Closed = closed.Count,
                ClosedInTime = closed.Count == 0 ? 0 : (double)closed.Count(c => c.DecideDate <= c.DecisionDue) / closed.Count,
                MeanDaysToClose = closed.Count == 0 ? 0 : closed.Average(c => c.DecideDate!.Value.DayNumber - c.ReceiveDate.DayNumber),
                UnexplainedSelections = ofUnit.Count(c => c.PilotCase && c.SelectionRecorded && !c.SelectionExplained),
                Overdue = ofUnit.Count(c => Model.Complaint.OpenStates.Contains(c.Status) && c.DecisionDue < today),
            };
            row.ByCategory.AddRange(ofUnit.GroupBy(c => c.Category).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new NamedCount { Name = g.Key, Count = g.Count() }));
            row.ByOutcome.AddRange(closed.GroupBy(c => OutcomeName(c.Status, c.Outcome)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new NamedCount { Name = g.Key, Count = g.Count() }));
            figures.Units.Add(row);
        }

        return figures;
    }

    public override async Task<ComplaintRegister> GetComplaintRegister(GetComplaintRegisterRequest request, ServerCallContext context)
    {
        var caller = ComplaintCaller.From(context);
        caller.Demand(caller.Reports);
        var ct = context.CancellationToken;
        var violations = new FieldViolations();
        violations.Range("year", request.Year, 2000, 2100);
        if (string.IsNullOrEmpty(request.Unit) && caller.ReportsOnAllUnits)
        {
            violations.Add("unit", "is required");
        }

        violations.ThrowIfAny();
        var unit = (await ReportingUnitsAsync(caller, request.Unit, ct)).Single();
        var from = new DateOnly(request.Year, 1, 1);
        var written = (int)Channel.Written;
        var entries = await db.Complaints.AsNoTracking()
            .Where(c => c.Unit == unit && c.Channel == written && c.ReceiveDate >= from && c.ReceiveDate < from.AddYears(1))
            .OrderBy(c => c.ReceiveDate).ThenBy(c => c.Id)
            .ToListAsync(ct);

        var register = new ComplaintRegister { Unit = unit, Year = request.Year };
        register.Entries.AddRange(entries.Select(c => new RegisterEntry
        {
            ComplaintId = c.Id,
            ReceiveDate = Format(c.ReceiveDate),
            Category = c.Category,
            Status = (ComplaintStatus)(int)c.Status,
            Outcome = (Outcome)c.Outcome,
            DeclineGround = (DeclineGround)c.DeclineGround,
            CloseDate = Format(c.DecideDate),
            ClosedInTime = c.DecideDate is { } closed && closed <= c.DecisionDue,
        }));
        return register;
    }

    /// <summary>The units the caller may report on: their own for unit management and coordinators, any (or the one asked) nationally.</summary>
    private async Task<List<string>> ReportingUnitsAsync(ComplaintCaller caller, string requested, CancellationToken cancellationToken)
    {
        var units = await db.Units.AsNoTracking().Select(u => u.Code).ToListAsync(cancellationToken);
        if (!string.IsNullOrEmpty(requested) && !units.Contains(requested))
        {
            new FieldViolations().Add("unit", "is not a known unit code").ThrowIfAny();
        }

        if (caller.ReportsOnAllUnits)
        {
            return string.IsNullOrEmpty(requested) ? units : [requested];
        }

        var own = caller.Unit ?? string.Empty;
        caller.Demand(caller.ReportsOnOwnUnit && (string.IsNullOrEmpty(requested) || requested == own));
        return [own];
    }

    private static string OutcomeName(Model.ComplaintState status, int outcome) =>
        status == Model.ComplaintState.Declined ? "declined" : (Outcome)outcome switch
        {
            Outcome.Upheld => "upheld",
            Outcome.PartlyUpheld => "partly-upheld",
            Outcome.NotUpheld => "not-upheld",
            _ => "resolved",
        };
}
