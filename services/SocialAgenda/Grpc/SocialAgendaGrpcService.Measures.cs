using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Errors;
using Pvi.SocialAgenda.Infrastructure;
using Pvi.Survey.V1;
using Model = Pvi.SocialAgenda.Model;

namespace Pvi.SocialAgenda.Grpc;

public sealed partial class SocialAgendaGrpcService
{
    private static readonly string[] UpdatableMeasureFields = ["title", "description", "owner", "due_date", "status", "progress_percent", "theme"];

    public override async Task<Measure> CreateMeasure(CreateMeasureRequest request, ServerCallContext context)
    {
        var caller = SurveyCaller.From(context);
        caller.Demand(caller.ManagesAnyUnit);
        var ct = context.CancellationToken;
        var violations = new FieldViolations();
        await UnitAsync(violations, "unit", request.Unit, ct);
        MeasureText(violations, string.Empty, request.Title, request.Description, request.Owner, request.Theme);
        var due = violations.Date("due_date", request.DueDate, required: true);
        if (!string.IsNullOrEmpty(request.WaveId))
        {
            violations.Id("wave_id", request.WaveId);
        }

        violations.RequestId(request.RequestId);
        violations.ThrowIfAny();
        caller.Demand(caller.ManagesUnit(request.Unit));
        if (!string.IsNullOrEmpty(request.WaveId))
        {
            // A measure that answers a wave's results refers to a theme those results have.
            var wave = await db.Waves.AsNoTracking().SingleOrDefaultAsync(w => w.Id == request.WaveId, ct)
                ?? throw new NotFoundException("WAVE_NOT_FOUND", "There is no wave with this id.");
            var scoring = await instruments.GetAsync(db, wave.InstrumentId, ct);
            if (!string.IsNullOrEmpty(request.Theme) && !scoring.Themes.Contains(request.Theme, StringComparer.Ordinal))
            {
                new FieldViolations().Add("theme", $"is not a theme of the wave's results ({string.Join(", ", scoring.Themes)})").ThrowIfAny();
            }
        }

        return await db.CreateOnceAsync(
            request,
            request.RequestId,
            (id, ct) => db.Measures.AsNoTracking().SingleOrDefaultAsync(m => m.CreatedBy == caller.Id && m.ClientRequestId == id, ct),
            m => m.Fingerprint,
            (existing, _) => Task.FromResult(existing.ToMessage()),
            async (key, ct) =>
            {
                var measure = new Model.Measure
                {
                    Id = Guid.CreateVersion7(Now).ToString(),
                    Unit = request.Unit,
                    Title = request.Title.Trim(),
                    Description = request.Description.Trim(),
                    Owner = request.Owner.Trim(),
                    DueDate = due!.Value,
                    Theme = string.IsNullOrEmpty(request.Theme) ? null : request.Theme,
                    WaveId = string.IsNullOrEmpty(request.WaveId) ? null : request.WaveId,
                    CreatedBy = caller.Id,
                    ClientRequestId = key.ClientRequestId,
                    Fingerprint = key.Fingerprint,
                    CreatedAt = Now,
                    UpdatedAt = Now,
                };
                db.Measures.Add(measure);
                await db.SaveChangesAsync(ct);
                return measure.ToMessage();
            },
            ct);
    }

    public override async Task<Measure> UpdateMeasure(UpdateMeasureRequest request, ServerCallContext context)
    {
        var caller = SurveyCaller.From(context);
        caller.Demand(caller.ManagesAnyUnit);
        var input = request.Measure ?? new Measure();
        var paths = request.UpdateMask?.Paths.ToHashSet(StringComparer.Ordinal) ?? [];
        var violations = new FieldViolations();
        violations.Id("measure.id", input.Id);
        if (paths.Count == 0)
        {
            violations.Add("update_mask", "must name at least one field");
        }

        foreach (var path in paths.Where(p => !UpdatableMeasureFields.Contains(p)))
        {
            violations.Add("update_mask", $"{path} cannot be changed (changeable: {string.Join(", ", UpdatableMeasureFields)})");
        }

        MeasureText(violations, "measure.",
            paths.Contains("title") ? input.Title : null, paths.Contains("description") ? input.Description : null,
            paths.Contains("owner") ? input.Owner : null, paths.Contains("theme") ? input.Theme : null);
        var due = paths.Contains("due_date") ? violations.Date("measure.due_date", input.DueDate, required: true) : null;
        if (paths.Contains("status")) violations.Defined("measure.status", input.Status);
        if (paths.Contains("progress_percent")) violations.Range("measure.progress_percent", input.ProgressPercent, 0, 100);
        violations.ThrowIfAny();

        return await db.RunAsync(async ct =>
        {
            var measure = await db.Measures.SingleOrDefaultAsync(m => m.Id == input.Id, ct);
            caller.Demand(measure is not null && caller.ManagesUnit(measure.Unit));
            if (paths.Contains("title")) measure!.Title = input.Title.Trim();
            if (paths.Contains("description")) measure!.Description = input.Description.Trim();
            if (paths.Contains("owner")) measure!.Owner = input.Owner.Trim();
            if (due is { } d) measure!.DueDate = d;
            if (paths.Contains("status")) measure!.Status = (Model.MeasureStatus)(int)input.Status;
            if (paths.Contains("progress_percent")) measure!.ProgressPercent = input.ProgressPercent;
            if (paths.Contains("theme")) measure!.Theme = string.IsNullOrEmpty(input.Theme) ? null : input.Theme;
            if (measure!.Status == Model.MeasureStatus.Done) measure.ProgressPercent = 100;
            measure.UpdatedAt = Now;
            measure.Revision++;
            await db.SaveChangesAsync(ct);
            return measure.ToMessage();
        }, context.CancellationToken);
    }

    public override async Task<ListMeasuresResponse> ListMeasures(ListMeasuresRequest request, ServerCallContext context)
    {
        var caller = SurveyCaller.From(context);
        caller.Demand(caller.ReadsAnyUnit);
        var ct = context.CancellationToken;
        var violations = new FieldViolations();
        await UnitAsync(violations, "unit", request.Unit, ct);
        var page = Paging.Read(request.PageSize, request.PageToken, violations);
        violations.ThrowIfAny();
        caller.Demand(caller.ReadsUnit(request.Unit));

        var result = await db.Measures.AsNoTracking().Where(m => m.Unit == request.Unit).ToPageAsync(m => m.Id, page, ct);
        var response = new ListMeasuresResponse { NextPageToken = result.NextPageToken };
        response.Measures.AddRange(result.Items.Select(m => m.ToMessage()));
        return response;
    }

    /// <summary>The text fields of a measure; null means "not being set".</summary>
    private static void MeasureText(FieldViolations violations, string prefix, string? title, string? description, string? owner, string? theme)
    {
        if (title is not null) violations.Required($"{prefix}title", title).MaxLength($"{prefix}title", title, SurveyLimits.Title);
        if (description is not null) violations.MaxLength($"{prefix}description", description, SurveyLimits.MeasureDescription);
        if (owner is not null) violations.Required($"{prefix}owner", owner).MaxLength($"{prefix}owner", owner, SurveyLimits.MeasureOwner);
        if (!string.IsNullOrEmpty(theme) && !Slug().IsMatch(theme))
        {
            violations.Add($"{prefix}theme", "must be 1 to 64 lowercase letters, digits and '-'");
        }
    }
}
