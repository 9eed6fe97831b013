using Pvi.ServiceDefaults.Errors;
using Pvi.SocialAgenda.Infrastructure;
using Pvi.SocialAgenda.Results;
using Pvi.Survey.V1;
using Model = Pvi.SocialAgenda.Model;

namespace Pvi.SocialAgenda.Responses;

/// <summary>One employee's answers read against the wave's instrument: the scale values by question and the comments.</summary>
public static class AnswerSheet
{
    /// <summary>Checks every answer against the instrument: known question, once, on its scale, required ones present.</summary>
    public static (int?[] Values, List<(string QuestionId, string Text)> Comments) Read(
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
