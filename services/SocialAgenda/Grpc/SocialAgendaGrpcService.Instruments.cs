using System.Text.RegularExpressions;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Errors;
using Pvi.SocialAgenda.Infrastructure;
using Pvi.SocialAgenda.Results;
using Pvi.Survey.V1;
using Model = Pvi.SocialAgenda.Model;

namespace Pvi.SocialAgenda.Grpc;

public sealed partial class SocialAgendaGrpcService
{
    private static readonly string[] UpdatableInstrumentFields = ["title", "questions"];

    public override async Task<Instrument> CreateInstrument(CreateInstrumentRequest request, ServerCallContext context)
    {
        var caller = SurveyCaller.From(context);
        caller.Demand(caller.IsAdministrator);
        var violations = new FieldViolations();
        violations.RequestId(request.RequestId);
        if (!Slug().IsMatch(request.Code))
        {
            violations.Add("code", "is required: 1 to 64 lowercase letters, digits and '-'");
        }

        violations.Required("title", request.Title).MaxLength("title", request.Title, SurveyLimits.Title);
        var questions = Questions(violations, "questions", request.Questions);
        violations.ThrowIfAny();

        return await db.CreateOnceAsync(
            request,
            request.RequestId,
            (id, ct) => db.Instruments.AsNoTracking().SingleOrDefaultAsync(i => i.CreatedBy == caller.Id && i.ClientRequestId == id, ct),
            i => i.Fingerprint,
            (existing, _) => Task.FromResult(existing.ToMessage()),
            async (key, ct) =>
            {
                var version = await db.Instruments.Where(i => i.Code == request.Code).MaxAsync(i => (int?)i.Version, ct) ?? 0;
                var instrument = new Model.Instrument
                {
                    Id = Guid.CreateVersion7(Now).ToString(),
                    Code = request.Code,
                    Version = version + 1,
                    Title = request.Title.Trim(),
                    Questions = questions,
                    CreatedBy = caller.Id,
                    ClientRequestId = key.ClientRequestId,
                    Fingerprint = key.Fingerprint,
                    CreatedAt = Now,
                };
                db.Instruments.Add(instrument);
                await db.SaveChangesAsync(ct);
                return instrument.ToMessage();
            },
            context.CancellationToken);
    }

    public override async Task<Instrument> UpdateInstrument(UpdateInstrumentRequest request, ServerCallContext context)
    {
        var caller = SurveyCaller.From(context);
        caller.Demand(caller.IsAdministrator);
        var input = request.Instrument ?? new Instrument();
        var paths = request.UpdateMask?.Paths.ToHashSet(StringComparer.Ordinal) ?? [];
        var violations = new FieldViolations();
        violations.Id("instrument.id", input.Id);
        if (paths.Count == 0)
        {
            violations.Add("update_mask", "must name at least one field");
        }

        foreach (var path in paths.Where(p => !UpdatableInstrumentFields.Contains(p)))
        {
            violations.Add("update_mask", $"{path} cannot be changed (changeable: {string.Join(", ", UpdatableInstrumentFields)})");
        }

        if (paths.Contains("title"))
        {
            violations.Required("instrument.title", input.Title).MaxLength("instrument.title", input.Title, SurveyLimits.Title);
        }

        var questions = paths.Contains("questions") ? Questions(violations, "instrument.questions", input.Questions) : null;
        violations.ThrowIfAny();

        return await db.RunAsync(async ct =>
        {
            var instrument = await db.Instruments.SingleOrDefaultAsync(i => i.Id == input.Id, ct)
                ?? throw new NotFoundException("INSTRUMENT_NOT_FOUND", "There is no instrument with this id.");
            if (instrument.State != Model.InstrumentState.Draft)
            {
                throw new PreconditionFailedException("INSTRUMENT_PUBLISHED", "A published instrument never changes; create a new version instead.");
            }

            if (paths.Contains("title")) instrument.Title = input.Title.Trim();
            if (questions is not null) instrument.Questions = questions;
            instrument.Revision++;
            await db.SaveChangesAsync(ct);
            return instrument.ToMessage();
        }, context.CancellationToken);
    }

    public override async Task<Instrument> PublishInstrument(PublishInstrumentRequest request, ServerCallContext context)
    {
        var caller = SurveyCaller.From(context);
        caller.Demand(caller.IsAdministrator);
        new FieldViolations().Id("id", request.Id).ThrowIfAny();
        return await db.RunAsync(async ct =>
        {
            var instrument = await db.Instruments.SingleOrDefaultAsync(i => i.Id == request.Id, ct)
                ?? throw new NotFoundException("INSTRUMENT_NOT_FOUND", "There is no instrument with this id.");
            if (instrument.State == Model.InstrumentState.Published)
            {
                throw new PreconditionFailedException("INSTRUMENT_PUBLISHED", "The instrument is published already.");
            }

            instrument.State = Model.InstrumentState.Published;
            instrument.PublishedAt = Now;
            instrument.Revision++;
            await db.SaveChangesAsync(ct);
            return instrument.ToMessage();
        }, context.CancellationToken);
    }

    public override async Task<Instrument> GetInstrument(GetInstrumentRequest request, ServerCallContext context)
    {
        var caller = SurveyCaller.From(context);
        new FieldViolations().Id("id", request.Id).ThrowIfAny();
        var instrument = await db.Instruments.AsNoTracking().SingleOrDefaultAsync(i => i.Id == request.Id, context.CancellationToken);
        // Respondents read published instruments only; a draft is the administrators' business.
        caller.Demand(instrument is not null && (caller.IsAdministrator || instrument.State == Model.InstrumentState.Published));
        return instrument!.ToMessage();
    }

    public override async Task<ListInstrumentsResponse> ListInstruments(ListInstrumentsRequest request, ServerCallContext context)
    {
        var caller = SurveyCaller.From(context);
        var page = Paging.Read(request.PageSize, request.PageToken);
        caller.Demand(caller.IsAdministrator);
        var result = await db.Instruments.AsNoTracking().ToPageAsync(i => i.Id, page, context.CancellationToken);
        var response = new ListInstrumentsResponse { NextPageToken = result.NextPageToken };
        response.Instruments.AddRange(result.Items.Select(i => i.ToMessage()));
        return response;
    }

    /// <summary>Validates the questions of an instrument: every field of every question, WHO-5 by its published structure.</summary>
    private static List<Model.QuestionDefinition> Questions(FieldViolations violations, string field, IReadOnlyList<Question> questions)
    {
        if (questions.Count is 0 or > SurveyLimits.MaxQuestions)
        {
            violations.Add(field, $"must hold 1 to {SurveyLimits.MaxQuestions} questions");
            return [];
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            var at = $"{field}[{i}]";
            if (!Slug().IsMatch(q.Id))
            {
                violations.Add($"{at}.id", "is required: 1 to 64 lowercase letters, digits and '-'");
            }
            else if (!ids.Add(q.Id))
            {
                violations.Add($"{at}.id", "is used by another question");
            }

            violations.Defined($"{at}.kind", q.Kind);
            violations.Required($"{at}.text", q.Text).MaxLength($"{at}.text", q.Text, SurveyLimits.QuestionText);
            violations.MaxLength($"{at}.min_label", q.MinLabel, SurveyLimits.ScaleLabel).MaxLength($"{at}.max_label", q.MaxLabel, SurveyLimits.ScaleLabel);
            if (q.Kind == QuestionKind.Scale)
            {
                violations.Defined($"{at}.dimension", q.Dimension);
                if (!Slug().IsMatch(q.Theme))
                {
                    violations.Add($"{at}.theme", "is required for a scale question: 1 to 64 lowercase letters, digits and '-'");
                }

                violations.Range($"{at}.scale_min", q.ScaleMin, 0, 9).Range($"{at}.scale_max", q.ScaleMax, 1, 10);
                if (q.ScaleMax <= q.ScaleMin)
                {
                    violations.Add($"{at}.scale_max", "must be above scale_min");
                }

                if (q.Who5 && (q.Dimension != Dimension.Mental || q.ScaleMin != 0 || q.ScaleMax != 5 || q.Reversed))
                {
                    violations.Add($"{at}.who5", "a WHO-5 item is a mental question on the scale 0-5, not reversed");
                }
            }
            else if (q.Kind == QuestionKind.Comment && (q.Who5 || q.Reversed || q.ScaleMin != 0 || q.ScaleMax != 0))
            {
                violations.Add(at, "a comment question has no scale, WHO-5 or reversal");
            }
        }

        var who5 = questions.Count(q => q.Who5);
        if (who5 is not 0 and not InstrumentScoring.Who5Items)
        {
            violations.Add(field, $"must hold all {InstrumentScoring.Who5Items} WHO-5 items or none (has {who5})");
        }

        if (!questions.Any(q => q.Kind == QuestionKind.Scale))
        {
            violations.Add(field, "must hold at least one scale question");
        }

        return questions.Select(q => q.ToModel()).ToList();
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex Slug();
}
