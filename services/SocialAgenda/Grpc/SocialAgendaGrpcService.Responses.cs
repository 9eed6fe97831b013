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
        var invitation = tokenHash is null ? null : await InvitationWithWave.For(db)(db, tokenHash, ct);
        if (invitation is null)
        {
            throw ResponsePool.NotValid();
        }

        if (invitation.State != Model.WaveState.Open)
        {
            throw WaveNotOpen(invitation.State);
        }

        var scoring = await instruments.GetAsync(db, invitation.InstrumentId, ct);
        var (values, comments) = AnswerSheet.Read(violations, scoring, request.Answers);
        violations.ThrowIfAny();

        var today = calendar.Today;
        await db.RunAsync(async ct =>
        {
            // Under the wave's lock, shared with the other submissions, so that a wave closing now
            // (which holds it alone) takes this response or refuses it.
            await db.ShareDecisionAsync(WaveDecision + invitation.WaveId, ct);
            var state = await WaveState.For(db)(db, invitation.WaveId, ct);
            if (state != Model.WaveState.Open)
            {
                throw WaveNotOpen(state);
            }

            await ResponsePool.AddAsync(db, invitation.WaveId, invitation.Unit, tokenHash!, values, comments, options.ReleaseBatchSize, today, ct);
            return true;
        }, ct);

        return new SubmissionReceipt { WaveId = invitation.WaveId, Year = invitation.Year, SubmitDate = today.ToString(DateFormat, CultureInfo.InvariantCulture) };
    }

    /// <summary>The invitation of a token, with what the submission needs of its wave.</summary>
    private static readonly CompiledQuery<Func<SurveyDbContext, string, CancellationToken, Task<InvitationOfWave?>>> InvitationWithWave =
        new(() => EF.CompileAsyncQuery((SurveyDbContext db, string tokenHash, CancellationToken _) => db.Invitations
            .Where(i => i.TokenHash == tokenHash)
            .Join(db.Waves, i => i.WaveId, w => w.Id, (i, w) => new InvitationOfWave(i.WaveId, i.Unit, w.State, w.InstrumentId, w.Year))
            .SingleOrDefault()));

    private static readonly CompiledQuery<Func<SurveyDbContext, string, CancellationToken, Task<Model.WaveState>>> WaveState =
        new(() => EF.CompileAsyncQuery((SurveyDbContext db, string waveId, CancellationToken _) => db.Waves.Where(w => w.Id == waveId).Select(w => w.State).Single()));

    private sealed record InvitationOfWave(string WaveId, string Unit, Model.WaveState State, string InstrumentId, int Year);

    private static PreconditionFailedException WaveNotOpen(Model.WaveState state) =>
        new("WAVE_NOT_OPEN", state == Model.WaveState.Closed ? "The survey is closed and takes no more responses." : "The survey is not open yet.");
}
