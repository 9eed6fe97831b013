using Google.Rpc;

namespace Pvi.ServiceDefaults.Errors;

/// <summary>Bad input: becomes INVALID_ARGUMENT with a <see cref="BadRequest"/> of every violation.</summary>
public sealed class RequestValidationException(FieldViolations violations)
    : Exception($"The request has {violations.Items.Count} invalid field(s).")
{
    public FieldViolations Violations { get; } = violations;
}
