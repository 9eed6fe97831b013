namespace Pvi.ComplaintPilot.Model;

/// <summary>
/// The longest text the complaint API takes in each field, defined once: the checks of the requests
/// and the schema's columns use these, and the proto's comments state them.
/// </summary>
public static class ComplaintLimits
{
    /// <summary>An officer's, a handler's or a registrar's id.</summary>
    public const int PersonId = 200;

    public const int Team = 32;

    public const int ComplainantName = 200;

    /// <summary>The longest address SMTP carries (RFC 5321).</summary>
    public const int ComplainantEmail = 254;

    public const int ComplainantPhone = 32;

    public const int ComplainantAddress = 500;

    public const int ConductDescription = 5000;

    public const int MaxOfficers = 20;

    /// <summary>A decline's explanation, phase 1's written confirmation, the officer's reason for the selection.</summary>
    public const int Explanation = 2000;

    public const int LessonsLearned = 5000;

    /// <summary>The hearing's report and the decision's reasons.</summary>
    public const int Report = 10000;
}
