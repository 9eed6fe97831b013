using System.Globalization;
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
    public override async Task<SubmissionReceipt> SubmitResponse(SubmitResponseRequest request, ServerCallContext context)
    {
        // The caller's identity is never read here: the token alone says which wave and unit.
        var caller = SurveyCaller.From(context);
        caller.Demand(caller.IsEmployee);
        var violations = new FieldViolations();
        if (string.IsNullOrEmpty(request.Token))
        {
            violations.Add("token", "is required");
        }

        if (request.Answers.Count > SurveyLimits.MaxQuestions)
        {
            violations.Add("answers", $"must hold at most {SurveyLimits.MaxQuestions} answers");
        }

        violations.ThrowIfAny();
        var ct = context.CancellationToken;
        var tokenHash = InvitationTokens.IsWellFormed(request.Token) ? InvitationTokens.Hash(request.Token) : null;
        var invitation = tokenHash is null ? null : await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == tokenHash, ct);
        if (invitation is null)
        {
            throw ResponsePool.NotValid();
        }

        var wave = await db.Waves.AsNoTracking().SingleAsync(w => w.Id == invitation.WaveId, ct);
        if (wave.State != Model.WaveState.Open)
        {
            throw WaveNotOpen(wave);
        }

        var scoring = await instruments.GetAsync(db, wave.InstrumentId, ct);
        var (values, comments) = AnswerSheet.Read(violations, scoring, request.Answers);
        violations.ThrowIfAny();

        var today = calendar.Today;
        await InWaveLockAsync(wave.Id, async (current, ct) =>
        {
            if (current.State != Model.WaveState.Open)
            {
                throw WaveNotOpen(current);
            }

            await ResponsePool.AddAsync(db, wave.Id, invitation.Unit, tokenHash!, values, comments, options.ReleaseBatchSize, today, ct);
            return true;
        }, ct);

        return new SubmissionReceipt { WaveId = wave.Id, Year = wave.Year, SubmitDate = today.ToString(DateFormat, CultureInfo.InvariantCulture) };
    }

    private static PreconditionFailedException WaveNotOpen(Model.Wave wave) =>
        new("WAVE_NOT_OPEN", wave.State == Model.WaveState.Closed ? "The survey is closed and takes no more responses." : "The survey is not open yet.");
}
