namespace Pvi.NdvMatching.Model;

/// <summary>
/// The longest text the NDV API takes in each field, defined once: the checks of the requests and
/// the schema's columns use these, and the proto's comments state them.
/// </summary>
public static class NdvLimits
{
    public const int MemberName = 200;

    /// <summary>The longest address SMTP carries (RFC 5321).</summary>
    public const int Email = 254;

    public const int Phone = 32;

    public const int Description = 2000;

    /// <summary>A decline's or a cancellation's reason (kept with the offer and in the request's history).</summary>
    public const int Reason = 500;

    public const int UnavailableNote = 200;

    /// <summary>The most hours one request may expect or one offer may record.</summary>
    public const double Hours = 200;
}
