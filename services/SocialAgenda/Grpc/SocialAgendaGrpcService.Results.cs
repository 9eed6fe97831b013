using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Errors;
using Pvi.SocialAgenda.Results;
using Pvi.Survey.V1;
using Model = Pvi.SocialAgenda.Model;

namespace Pvi.SocialAgenda.Grpc;

public sealed partial class SocialAgendaGrpcService
{
    public override async Task<UnitReport> GetUnitReport(GetUnitReportRequest request, ServerCallContext context)
    {
        var caller = SurveyCaller.From(context);
        caller.Demand(caller.ReadsAnyUnit);
        var ct = context.CancellationToken;
        var violations = new FieldViolations();
        violations.Id("wave_id", request.WaveId);
        await UnitAsync(violations, "unit", request.Unit, ct);
        violations.ThrowIfAny();
        caller.Demand(caller.ReadsUnit(request.Unit));

        var (wave, results) = await ResultsAsync(request.WaveId, ct);
        var report = new UnitReport
        {
            WaveId = wave.Id,
            Year = wave.Year,
            Results = results.Units.GetValueOrDefault(request.Unit) ?? new GroupResults { Unit = request.Unit, Suppressed = true },
            National = results.National,
        };

        // The measures that answer this wave, and those of the unit's plan from the wave's year on.
        var from = new DateOnly(wave.Year, 1, 1);
        var measures = await db.Measures.AsNoTracking()
            .Where(m => m.Unit == request.Unit && (m.WaveId == wave.Id || (m.WaveId == null && m.DueDate >= from)))
            .OrderBy(m => m.Id).Take(Paging.MaxPageSize).ToListAsync(ct);
        report.Measures.AddRange(measures.Select(m => m.ToMessage()));
        return report;
    }

    public override async Task<NationalResults> GetNationalResults(GetNationalResultsRequest request, ServerCallContext context)
    {
        var caller = SurveyCaller.From(context);
        caller.Demand(caller.IsNational);
        new FieldViolations().Id("wave_id", request.WaveId).ThrowIfAny();
        var (wave, results) = await ResultsAsync(request.WaveId, context.CancellationToken);
        var thresholds = Thresholds(wave);
        var national = new NationalResults
        {
            WaveId = wave.Id,
            Year = wave.Year,
            ScoreThreshold = thresholds.Score,
            CommentThreshold = thresholds.Comment,
            National = results.National,
        };
        national.Units.AddRange(results.Units.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => u.Value));
        return national;
    }

    public override async Task<ListCommentsResponse> ListComments(ListCommentsRequest request, ServerCallContext context)
    {
        var caller = SurveyCaller.From(context);
        caller.Demand(caller.ReadsAnyUnit);
        var ct = context.CancellationToken;
        var violations = new FieldViolations();
        violations.Id("wave_id", request.WaveId);
        await UnitAsync(violations, "unit", request.Unit, ct);
        var page = Paging.Read(request.PageSize, request.PageToken, violations);
        violations.ThrowIfAny();
        caller.Demand(caller.ReadsUnit(request.Unit));

        var wave = await ClosedWaveAsync(request.WaveId, ct);
        var responses = await db.Responses.CountAsync(r => r.WaveId == wave.Id && r.Unit == request.Unit, ct);
        if (responses < Thresholds(wave).Comment)
        {
            return new ListCommentsResponse { Suppressed = true };
        }

        // Ids are random: the order says nothing about who wrote what, or when.
        var result = await db.Comments.AsNoTracking().Where(c => c.WaveId == wave.Id && c.Unit == request.Unit).ToPageAsync(c => c.Id, page, ct);
        var response = new ListCommentsResponse { NextPageToken = result.NextPageToken };
        response.Comments.AddRange(result.Items.Select(c => new Comment { QuestionId = c.QuestionId, Text = c.Text }));
        return response;
    }

    /// <summary>The thresholds that hold for a wave's results: those it was published with, or higher ones configured since.</summary>
    private Thresholds Thresholds(Model.Wave wave) =>
        new(Math.Max(wave.ScoreThreshold, options.ScoreThreshold), Math.Max(wave.CommentThreshold, options.CommentThreshold));

    private async Task<Model.Wave> ClosedWaveAsync(string waveId, CancellationToken cancellationToken)
    {
        var wave = await db.Waves.AsNoTracking().SingleOrDefaultAsync(w => w.Id == waveId, cancellationToken)
            ?? throw new NotFoundException("WAVE_NOT_FOUND", "There is no wave with this id.");
        return wave.State == Model.WaveState.Closed
            ? wave
            : throw new PreconditionFailedException("WAVE_NOT_CLOSED", "Results are there once the wave is closed.");
    }

    /// <summary>
    /// The published results of a closed wave; when the thresholds were raised since, the results
    /// are computed again with the higher ones (never shown with lower ones).
    /// </summary>
    private async Task<(Model.Wave Wave, WaveResults Results)> ResultsAsync(string waveId, CancellationToken cancellationToken)
    {
        var wave = await ClosedWaveAsync(waveId, cancellationToken);
        var thresholds = Thresholds(wave);
        if (thresholds.Score > wave.ScoreThreshold)
        {
            return (wave, await WaveResults.ComputeAsync(db, wave, thresholds, cancellationToken));
        }

        var snapshots = await db.Results.AsNoTracking().Where(r => r.WaveId == wave.Id).ToListAsync(cancellationToken);
        var national = snapshots.Single(s => s.Unit.Length == 0);
        return (wave, new WaveResults(
            WaveResults.Deserialize(national.Results),
            snapshots.Where(s => s.Unit.Length > 0).ToDictionary(s => s.Unit, s => WaveResults.Deserialize(s.Results), StringComparer.Ordinal)));
    }
}
