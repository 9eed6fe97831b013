namespace Pvi.PhoneOverflow.Model;

/// <summary>
/// The longest text the overflow API takes in each field, defined once: the checks of the requests
/// and the schema's columns use these, and the proto's comments state them.
/// </summary>
public static class OverflowLimits
{
    public const int RscName = 200;

    /// <summary>An operator's id, as the provider names them.</summary>
    public const int OperatorId = 200;

    public const int OperatorName = 200;

    /// <summary>The operator's note with a call's outcome.</summary>
    public const int OutcomeNote = 500;
}
