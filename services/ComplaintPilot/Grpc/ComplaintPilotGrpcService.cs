using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Pvi.ComplaintPilot.Handling;
using Pvi.ComplaintPilot.Infrastructure;
using Pvi.Complaints.V1;
using Pvi.IntegrationEvents.Publishing;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Errors;
using Model = Pvi.ComplaintPilot.Model;

namespace Pvi.ComplaintPilot.Grpc;

/// <summary>The complaint API: registration, the Awb chapter 9 lifecycle and the pilot's rules.</summary>
[Authorize(Roles = ServiceRoles.Complaints)]
public sealed partial class ComplaintPilotGrpcService(
    ComplaintsDbContext db, AwbDeadlines deadlines, ComplaintOptions options, ComplaintVocabularyCache vocabularies, IOutbox outbox, TimeProvider time)
    : ComplaintPilotService.ComplaintPilotServiceBase
{
    public override async Task<ListCategoriesResponse> ListCategories(ListCategoriesRequest request, ServerCallContext context)
    {
        var page = await db.Categories.AsNoTracking()
            .ToPageAsync(c => c.Code, Paging.Read(request.PageSize, request.PageToken), context.CancellationToken);

        var response = new ListCategoriesResponse { NextPageToken = page.NextPageToken };
        response.Categories.AddRange(page.Items.Select(c => new ComplaintCategory { Code = c.Code, Name = c.Name, EthnicProfiling = c.EthnicProfiling }));
        return response;
    }

    public override async Task<Complaint> RegisterComplaint(RegisterComplaintRequest request, ServerCallContext context)
    {
        var caller = ComplaintCaller.From(context);
        caller.Demand(caller.IsStaff);
        var ct = context.CancellationToken;
        var vocabulary = await vocabularies.GetAsync(ct);
        var unitKnown = vocabulary.Units.Contains(request.Unit);
        var category = vocabulary.Categories.GetValueOrDefault(request.Category);
        var registration = RegisterComplaintValidation.Validate(request, unitKnown, category, deadlines.Today);
        caller.Demand(caller.IsStaffOf(registration.Unit));

        return await db.CreateOnceAsync(
            request,
            request.RequestId,
            (id, attempt) => ComplaintByClientId.For(db)(db, caller.Id, id, attempt),
            c => c.Fingerprint,
            (existing, attempt) => ViewAsync(caller, existing, attempt, withComplainant: false),
            async (key, attempt) =>
            {
                var (complaint, step) = Model.Complaint.Register(registration, options.PilotUnits, caller.Id, key, time.GetUtcNow().UtcDateTime);
                db.Complaints.Add(complaint);
                Record(complaint, step.Kind, caller.Id, step.Detail);
                step.AnnounceTo(outbox, complaint.Id);
                await db.SaveChangesAsync(attempt);
                // The history of a new complaint is what this unit of work recorded.
                return await ViewAsync(caller, complaint, attempt, withComplainant: false, history: db.History.Local.Where(h => h.ComplaintId == complaint.Id));
            },
            ct);
    }

    private static readonly CompiledQuery<Func<ComplaintsDbContext, string, string, CancellationToken, Task<Model.Complaint?>>> ComplaintByClientId =
        new(() => EF.CompileAsyncQuery((ComplaintsDbContext db, string registeredBy, string clientRequestId, CancellationToken _) =>
            db.Complaints.AsNoTracking().SingleOrDefault(c => c.RegisteredBy == registeredBy && c.ClientRequestId == clientRequestId)));

    public override async Task<Complaint> GetComplaint(GetComplaintRequest request, ServerCallContext context)
    {
        var caller = ComplaintCaller.From(context);
        var complaint = await VisibleAsync(caller, request.Id, tracked: false, context.CancellationToken);
        return await ViewAsync(caller, complaint, context.CancellationToken, withComplainant: true);
    }

    public override async Task<ListComplaintsResponse> ListComplaints(ListComplaintsRequest request, ServerCallContext context)
    {
        var caller = ComplaintCaller.From(context);
        caller.Demand(caller.IsStaff || caller.IsCommittee);
        var violations = new FieldViolations();
        violations.Defined("status", request.Status, allowUnspecified: true);
        var dueBefore = violations.Date("due_before", request.DueBefore, required: false);
        var page = Paging.Read(request.PageSize, request.PageToken, violations);
        violations.ThrowIfAny();

        // Staff and committee see their own unit, whatever they ask for.
        var unit = caller.Unit ?? string.Empty;
        caller.Demand(caller.MaySeeComplainant(unit) && (string.IsNullOrEmpty(request.Unit) || request.Unit == unit));

        var query = db.Complaints.AsNoTracking().Where(c => c.Unit == unit);
        if (request.Status != ComplaintStatus.Unspecified)
        {
            var status = (Model.ComplaintState)(int)request.Status;
            query = query.Where(c => c.Status == status);
        }

        if (!string.IsNullOrEmpty(request.Category))
        {
            query = query.Where(c => c.Category == request.Category);
        }

        if (dueBefore is { } before)
        {
            query = query.Where(c => c.DecisionDue < before);
        }

        if (request.Overdue)
        {
            var today = deadlines.Today;
            query = query.Where(c => Model.Complaint.OpenStates.Contains(c.Status) && c.DecisionDue < today);
        }

        var result = await query.ToPageAsync(c => c.Id, page, context.CancellationToken, descending: true);
        var response = new ListComplaintsResponse { NextPageToken = result.NextPageToken };
        response.Complaints.AddRange(result.Items.Select(c => Summary(c)));
        return response;
    }

    /// <summary>The complaint when the caller works on the unit's complaints; one answer for "not yours" and "not there".</summary>
    private async Task<Model.Complaint> VisibleAsync(ComplaintCaller caller, string id, bool tracked, CancellationToken cancellationToken)
    {
        caller.Demand(caller.IsStaff || caller.IsCommittee);
        new FieldViolations().Id("id", id).ThrowIfAny();
        var query = tracked ? db.Complaints : db.Complaints.AsNoTracking();
        var complaint = await query.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        caller.Demand(complaint is not null && caller.MaySeeComplainant(complaint.Unit));
        return complaint!;
    }

    private void Record(Model.Complaint complaint, string kind, string actor, string? detail) =>
        db.History.Add(new Model.ComplaintHistoryEntry
        {
            ComplaintId = complaint.Id,
            At = time.GetUtcNow().UtcDateTime,
            Kind = kind,
            Actor = actor,
            Detail = detail is { Length: > 1000 } ? detail[..1000] : detail,
        });

    private static string Format(DateOnly? date) => Model.IsoDate.Format(date);

    /// <summary>What any reader of the unit's complaints sees; never the complainant.</summary>
    private Complaint Summary(Model.Complaint c)
    {
        var message = new Complaint
        {
            Id = c.Id,
            Unit = c.Unit,
            ReceiveDate = Format(c.ReceiveDate),
            Channel = (Channel)c.Channel,
            ConductDate = Format(c.ConductDate),
            ConductDescription = c.ConductDescription,
            Category = c.Category,
            PilotCase = c.PilotCase,
            Status = (ComplaintStatus)(int)c.Status,
            HandlerId = c.HandlerId ?? string.Empty,
            HandlerTeam = c.HandlerTeam ?? string.Empty,
            AcknowledgeDate = Format(c.AcknowledgeDate),
            Deadlines = new Deadlines
            {
                DeclineBy = Format(AwbDeadlines.DeclineBy(c)),
                DecisionDue = Format(c.DecisionDue),
                Extended = c.ExtensionWeeks > 0,
                ConsentedDelay = c.ConsentedDueDate is not null,
                Overdue = c.IsOverdue(deadlines.Today),
            },
            DeclineGround = (DeclineGround)c.DeclineGround,
            Hearing = (HearingAction)c.Hearing,
            HearingReport = c.HearingReport ?? string.Empty,
            SelectionReason = c.SelectionReason ?? string.Empty,
            SelectionRecorded = c.SelectionRecorded,
            SelectionExplained = c.SelectionExplained,
            LessonsLearned = c.LessonsLearned ?? string.Empty,
            Outcome = (Outcome)c.Outcome,
            DecisionReasons = c.DecisionReasons ?? string.Empty,
            DecisionText = c.DecisionText ?? string.Empty,
            DecideDate = Format(c.DecideDate),
            NdvRepresentative = c.NdvRepresentative ?? string.Empty,
        };
        message.Officers.AddRange(c.Officers.Select(o => new InvolvedOfficer { OfficerId = o.OfficerId, Team = o.Team }));
        return message;
    }

    /// <summary>The whole complaint; the complainant only for who may see them, and that read is logged.</summary>
    private async Task<Complaint> ViewAsync(
        ComplaintCaller caller, Model.Complaint complaint, CancellationToken cancellationToken, bool withComplainant, IEnumerable<Model.ComplaintHistoryEntry>? history = null)
    {
        var message = Summary(complaint);
        if (withComplainant && caller.MaySeeComplainant(complaint.Unit) && complaint.ComplainantName is not null)
        {
            message.Complainant = new Complainant
            {
                Name = complaint.ComplainantName,
                Email = complaint.ComplainantEmail ?? string.Empty,
                Phone = complaint.ComplainantPhone ?? string.Empty,
                Address = complaint.ComplainantAddress ?? string.Empty,
            };
            var access = new Model.ComplainantAccess
            {
                ComplaintId = complaint.Id,
                ReaderId = caller.Id,
                ReaderRole = caller.Role(complaint.Unit),
                At = time.GetUtcNow().UtcDateTime,
            };
            await db.RunAsync(
                ct =>
                {
                    db.ComplainantAccess.Add(access);
                    return db.SaveChangesAsync(ct);
                },
                cancellationToken);
        }

        history ??= await db.History.AsNoTracking().Where(h => h.ComplaintId == complaint.Id).ToListAsync(cancellationToken);
        message.History.AddRange(history.OrderBy(h => h.Id).Select(h => new ComplaintEvent { Time = Timestamp.FromDateTime(h.At), Kind = h.Kind, Actor = h.Actor, Detail = h.Detail ?? string.Empty }));
        return message;
    }
}
