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
            throw NotValid();
        }

        var wave = await db.Waves.AsNoTracking().SingleAsync(w => w.Id == invitation.WaveId, ct);
        if (wave.State != Model.WaveState.Open)
        {
            throw WaveNotOpen(wave);
        }

        var scoring = await instruments.GetAsync(db, wave.InstrumentId, ct);
        var (values, comments) = Answers(violations, scoring, request.Answers);
        violations.ThrowIfAny();

        var today = calendar.Today;
        await InWaveLockAsync(wave.Id, async (current, ct) =>
        {
            if (current.State != Model.WaveState.Open)
            {
                throw WaveNotOpen(current);
            }

            // Checked under the wave's lock: a token is spent once, whatever runs at the same time.
            if (await db.SpentInvitations.AnyAsync(s => s.TokenHash == tokenHash, ct))
            {
                throw NotValid();
            }

            db.SpentInvitations.Add(new Model.SpentInvitation { TokenHash = tokenHash! });
            db.PendingResponses.Add(new Model.PendingResponse { Id = Guid.NewGuid().ToString(), WaveId = wave.Id, Unit = invitation.Unit, Answers = InstrumentScoring.Encode(values) });
            db.PendingComments.AddRange(comments.Select(c => new Model.PendingComment { Id = Guid.NewGuid().ToString(), WaveId = wave.Id, Unit = invitation.Unit, QuestionId = c.QuestionId, Text = c.Text }));
            await db.SaveChangesAsync(ct);
            if (await db.PendingResponses.CountAsync(p => p.WaveId == wave.Id && p.Unit == invitation.Unit, ct) >= options.ReleaseBatchSize)
            {
                await ResponsePool.ReleaseAsync(db, wave.Id, invitation.Unit, today, ct);
                await db.SaveChangesAsync(ct);
            }

            return true;
        }, ct);

        return new SubmissionReceipt { WaveId = wave.Id, Year = wave.Year, SubmitDate = today.ToString(DateFormat, CultureInfo.InvariantCulture) };
    }

    /// <summary>One answer for an unknown and a spent token: which of the two is never told.</summary>
    private static PermissionDeniedException NotValid() =>
        new("INVITATION_NOT_VALID", "This invitation token cannot be used: it is unknown or was used already.");

    private static PreconditionFailedException WaveNotOpen(Model.Wave wave) =>
        new("WAVE_NOT_OPEN", wave.State == Model.WaveState.Closed ? "The survey is closed and takes no more responses." : "The survey is not open yet.");

    /// <summary>Checks every answer against the instrument: known question, once, on its scale, required ones present.</summary>
    private static (int?[] Values, List<(string QuestionId, string Text)> Comments) Answers(
        FieldViolations violations, InstrumentScoring scoring, IReadOnlyList<Answer> answers)
    {
        var questions = scoring.Questions;
        var index = questions.Select((q, i) => (q.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var values = new int?[questions.Count];
        var answered = new bool[questions.Count];
        var comments = new List<(string, string)>();
        for (var a = 0; a < answers.Count; a++)
        {
            var answer = answers[a];
            var at = $"answers[{a}]";
            if (!index.TryGetValue(answer.QuestionId, out var i))
            {
                violations.Add($"{at}.question_id", "is not a question of this survey");
                continue;
            }

            if (answered[i])
            {
                violations.Add($"{at}.question_id", "is answered twice");
                continue;
            }

            answered[i] = true;
            var question = questions[i];
            if (question.Kind == Model.QuestionKind.Scale)
            {
                if (!string.IsNullOrEmpty(answer.Text))
                {
                    violations.Add($"{at}.text", "a scale question takes a value, not text");
                }

                if (answer.Value < question.ScaleMin || answer.Value > question.ScaleMax)
                {
                    violations.Add($"{at}.value", $"must be between {question.ScaleMin} and {question.ScaleMax}");
                }
                else
                {
                    values[i] = answer.Value;
                }
            }
            else
            {
                if (answer.Value != 0)
                {
                    violations.Add($"{at}.value", "a comment question takes text, not a value");
                }

                violations.MaxLength($"{at}.text", answer.Text, SurveyLimits.CommentLength);
                if (string.IsNullOrWhiteSpace(answer.Text))
                {
                    answered[i] = false;
                }
                else if (answer.Text.Length <= SurveyLimits.CommentLength)
                {
                    comments.Add((question.Id, answer.Text.Trim()));
                }
            }
        }

        for (var i = 0; i < questions.Count; i++)
        {
            if (questions[i].Required && !answered[i])
            {
                violations.Add("answers", $"question {questions[i].Id} is required");
            }
        }

        return (values, comments);
    }
}
