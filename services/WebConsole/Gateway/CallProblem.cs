namespace Pvi.WebConsole.Gateway;

/// <summary>What went wrong with a call, in the words the person reads: never a stack trace.</summary>
/// <param name="Fields">Per field of the request (its proto path, e.g. <c>expected_hours</c>) what is wrong with it.</param>
/// <param name="Reference">A trace id to quote to the service desk, for <see cref="ProblemKind.Failed"/>.</param>
public sealed record CallProblem(ProblemKind Kind, string Message, IReadOnlyDictionary<string, string> Fields, string? Reference = null)
{
    public string? FieldMessage(string field) => Fields.TryGetValue(field, out var message) ? message : null;
}
