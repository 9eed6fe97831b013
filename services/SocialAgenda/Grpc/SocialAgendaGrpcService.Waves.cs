using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Errors;
using Pvi.SocialAgenda.Infrastructure;
using Pvi.SocialAgenda.Responses;
using Pvi.SocialAgenda.Results;
using Pvi.Survey.V1;
using Model = Pvi.SocialAgenda.Model;

namespace Pvi.SocialAgenda.Grpc;

public sealed partial class SocialAgendaGrpcService
{
    public override async Task<Wave> CreateWave(CreateWaveRequest request, ServerCallContext context)
    {
        var caller = SurveyCaller.From(context);
        caller.Demand(caller.IsAdministrator);
        var violations = new FieldViolations();
        violations.RequestId(request.RequestId);
        violations.Range("year", request.Year, 2000, calendar.Today.Year + 1);
        violations.Required("title", request.Title).MaxLength("title", request.Title, SurveyLimits.Title);
        violations.Id("instrument_id", request.InstrumentId);
        violations.ThrowIfAny();

        return await db.CreateOnceAsync(
            request,
            request.RequestId,
            (id, ct) => db.Waves.AsNoTracking().SingleOrDefaultAsync(w => w.CreatedBy == caller.Id && w.ClientRequestId == id, ct),
            w => w.Fingerprint,
            (existing, ct) => ViewAsync(existing, ct),
            async (key, ct) =>
            {
                var instrument = await db.Instruments.AsNoTracking().SingleOrDefaultAsync(i => i.Id == request.InstrumentId, ct)
                    ?? throw new NotFoundException("INSTRUMENT_NOT_FOUND", "There is no instrument with this id.");
                if (instrument.State != Model.InstrumentState.Published)
                {
                    throw new PreconditionFailedException("INSTRUMENT_NOT_PUBLISHED", "A wave asks a published instrument only; publish it first.");
                }

                if (await db.Waves.AnyAsync(w => w.Year == request.Year, ct))
                {
                    throw new AlreadyExistsException("WAVE_EXISTS", $"There is a wave for {request.Year} already: one wave per year.");
                }

                var wave = new Model.Wave
                {
                    Id = Guid.CreateVersion7(Now).ToString(),
                    Year = request.Year,
                    Title = request.Title.Trim(),
                    InstrumentId = instrument.Id,
                    CreatedBy = caller.Id,
                    ClientRequestId = key.ClientRequestId,
                    Fingerprint = key.Fingerprint,
                    CreatedAt = Now,
                };
                db.Waves.Add(wave);
                await db.SaveChangesAsync(ct);
                return wave.ToMessage([]);
            },
            context.CancellationToken);
    }

    public override async Task<Wave> GetWave(GetWaveRequest request, ServerCallContext context)
    {
        var caller = SurveyCaller.From(context);
        new FieldViolations().Id("id", request.Id).ThrowIfAny();
        var wave = await db.Waves.AsNoTracking().SingleOrDefaultAsync(w => w.Id == request.Id, context.CancellationToken);
        // Respondents see the wave they answer (open); management sees the waves it reads results of.
        caller.Demand(wave is not null && (caller.IsAdministrator || caller.IsNational || wave.State == Model.WaveState.Open
            || (wave.State == Model.WaveState.Closed && caller.ReadsAnyUnit)));
        return await ViewAsync(wave!, context.CancellationToken);
    }

    public override async Task<ListWavesResponse> ListWaves(ListWavesRequest request, ServerCallContext context)
    {
        var caller = SurveyCaller.From(context);
        var page = Paging.Read(request.PageSize, request.PageToken);
        caller.Demand(caller.IsAdministrator || caller.IsNational || caller.ReadsAnyUnit);
        var query = db.Waves.AsNoTracking();
        if (!caller.IsAdministrator && !caller.IsNational)
        {
            query = query.Where(w => w.State == Model.WaveState.Closed);
        }

        // Newest year first; years have four digits, so their text sorts as their number.
        var result = await query.ToPageAsync(w => w.Year.ToString(), page, context.CancellationToken, descending: true);
        var ids = result.Items.Select(w => w.Id).ToList();
        var units = (await db.WaveUnits.AsNoTracking().Where(u => ids.Contains(u.WaveId)).ToListAsync(context.CancellationToken)).ToLookup(u => u.WaveId);
        var response = new ListWavesResponse { NextPageToken = result.NextPageToken };
        response.Waves.AddRange(result.Items.Select(w => w.ToMessage(units[w.Id])));
        return response;
    }

    public override async Task<Wave> OpenWave(OpenWaveRequest request, ServerCallContext context)
    {
        var caller = SurveyCaller.From(context);
        caller.Demand(caller.IsAdministrator);
        new FieldViolations().Id("id", request.Id).ThrowIfAny();
        return await InWaveLockAsync(request.Id, async (wave, ct) =>
        {
            switch (wave.State)
            {
                case Model.WaveState.Open:
                    throw new PreconditionFailedException("WAVE_ALREADY_OPEN", "The wave is open already.");
                case Model.WaveState.Closed:
                    throw new PreconditionFailedException("WAVE_CLOSED", "The wave is closed; a closed wave does not open again.");
            }

            wave.State = Model.WaveState.Open;
            wave.OpenedAt = Now;
            wave.Revision++;
            var units = await db.WaveUnits.AsNoTracking().Where(u => u.WaveId == wave.Id).OrderBy(u => u.Unit).ToListAsync(ct);
            var opened = new WaveOpened { WaveId = wave.Id, Year = wave.Year, Title = wave.Title, OpenTime = Timestamp.FromDateTime(Now) };
            opened.Units.AddRange(units.Select(u => new UnitInvitations { Unit = u.Unit, Invited = u.Invited }));
            outbox.Enqueue(wave.Id, opened);
            await db.SaveChangesAsync(ct);
            return wave.ToMessage(units);
        }, context.CancellationToken);
    }

    public override async Task<Wave> CloseWave(CloseWaveRequest request, ServerCallContext context)
    {
        var caller = SurveyCaller.From(context);
        caller.Demand(caller.IsAdministrator);
        new FieldViolations().Id("id", request.Id).ThrowIfAny();
        return await InWaveLockAsync(request.Id, async (wave, ct) =>
        {
            switch (wave.State)
            {
                case Model.WaveState.Draft:
                    throw new PreconditionFailedException("WAVE_NOT_OPEN", "The wave was never opened.");
                case Model.WaveState.Closed:
                    throw new PreconditionFailedException("WAVE_ALREADY_CLOSED", "The wave is closed already.");
            }

            await closing.CloseAsync(wave, ct);
            return await ViewAsync(wave, ct);
        }, context.CancellationToken);
    }

    public override async Task<IssueInvitationsResponse> IssueInvitations(IssueInvitationsRequest request, ServerCallContext context)
    {
        var caller = SurveyCaller.From(context);
        caller.Demand(caller.IsAdministrator);
        var violations = new FieldViolations();
        violations.Id("wave_id", request.WaveId);
        await UnitAsync(violations, "unit", request.Unit, context.CancellationToken);
        violations.Range("count", request.Count, 1, SurveyLimits.MaxInvitationsPerRequest);
        violations.RequestId(request.RequestId);
        violations.ThrowIfAny();

        var clientRequestId = string.IsNullOrEmpty(request.RequestId) ? null : request.RequestId;
        return await InWaveLockAsync(request.WaveId, async (wave, ct) =>
        {
            if (clientRequestId is not null
                && await db.InvitationBatches.AsNoTracking().SingleOrDefaultAsync(b => b.IssuedBy == caller.Id && b.ClientRequestId == clientRequestId, ct) is { } earlier)
            {
                // The tokens of the first answer exist only there; a second copy cannot be made.
                throw new AlreadyExistsException("INVITATIONS_ALREADY_ISSUED", $"The tokens of this request_id were issued before as batch {earlier.Id}; ask for a new batch if they were lost.");
            }

            if (wave.State == Model.WaveState.Closed)
            {
                throw new PreconditionFailedException("WAVE_CLOSED", "The wave is closed; it takes no more invitations.");
            }

            var batch = new Model.InvitationBatch
            {
                Id = Guid.CreateVersion7(Now).ToString(),
                WaveId = wave.Id,
                Unit = request.Unit,
                Count = request.Count,
                IssuedBy = caller.Id,
                ClientRequestId = clientRequestId,
                IssuedAt = Now,
            };
            var tokens = Enumerable.Range(0, request.Count).Select(_ => InvitationTokens.New()).ToList();
            db.InvitationBatches.Add(batch);
            db.Invitations.AddRange(tokens.Select(t => new Model.Invitation { TokenHash = InvitationTokens.Hash(t), WaveId = wave.Id, Unit = request.Unit }));
            var unit = await db.WaveUnits.SingleOrDefaultAsync(u => u.WaveId == wave.Id && u.Unit == request.Unit, ct);
            if (unit is null)
            {
                db.WaveUnits.Add(new Model.WaveUnit { WaveId = wave.Id, Unit = request.Unit, Invited = request.Count });
            }
            else
            {
                unit.Invited += request.Count;
            }

            await db.SaveChangesAsync(ct);
            var response = new IssueInvitationsResponse { BatchId = batch.Id, WaveId = wave.Id, Unit = request.Unit };
            response.Tokens.AddRange(tokens);
            return response;
        }, context.CancellationToken);
    }

    /// <summary>
    /// Runs the work in a unit of work (one transaction) that holds the wave's lock; one answer for a
    /// wave that is not there. Every change of a wave (opening, invitations, submissions, closing)
    /// runs here, one after the other: on SQLite the database's write gate (in RunAsync) orders the
    /// units of work, on PostgreSQL the wave's decision lock (an advisory lock held until the
    /// transaction ends) orders them across the replicas, without writing the wave's row for it.
    /// </summary>
    private async Task<T> InWaveLockAsync<T>(string waveId, Func<Model.Wave, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        return await db.RunAsync(async ct =>
        {
            await db.LockDecisionAsync(WaveDecision + waveId, ct);
            var wave = await db.Waves.SingleOrDefaultAsync(w => w.Id == waveId, ct)
                ?? throw new NotFoundException("WAVE_NOT_FOUND", "There is no wave with this id.");
            return await work(wave, ct);
        }, cancellationToken);
    }

    /// <summary>The prefix of a wave's decision lock (<see cref="DecisionLocks"/>), followed by its id: every change of a wave takes it.</summary>
    private const string WaveDecision = "pvi.survey.wave.";

    private async Task<Wave> ViewAsync(Model.Wave wave, CancellationToken cancellationToken) =>
        wave.ToMessage(await db.WaveUnits.AsNoTracking().Where(u => u.WaveId == wave.Id).ToListAsync(cancellationToken));
}
