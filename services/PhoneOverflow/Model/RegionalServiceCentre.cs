namespace Pvi.PhoneOverflow.Model;

/// <summary>A regional service centre: the call centre of a regional unit.</summary>
public sealed class RegionalServiceCentre
{
    public required string Code { get; init; }

    public required string Name { get; set; }

    public required string Unit { get; set; }

    /// <summary>Units whose callers it serves as their regional RSC.</summary>
    public List<string> ServedUnits { get; set; } = [];

    public List<DailyHours> Hours { get; set; } = [];

    public List<OpeningException> Exceptions { get; set; } = [];

    /// <summary>
    /// The position of the last call forwarded to it: each forwarded call gets the next, in commit
    /// order. Its own concurrency token: two forwards that read the same position cannot both be saved.
    /// </summary>
    public long ForwardSequence { get; set; }

    /// <summary>The version of the RSC's own data (name, served units, hours, exceptions): raised by every edit, not by a forward.</summary>
    public int Version { get; set; }

    /// <summary>The call forwarded to an operator here, at the next position of the RSC's stream.</summary>
    public ForwardedCall Forward(Call call, string operatorId, string reason, int queuePosition, DateTime at)
    {
        ForwardSequence++;
        return new ForwardedCall
        {
            Rsc = Code,
            Position = ForwardSequence,
            CallId = call.Id,
            OperatorId = operatorId,
            Reason = reason,
            QueuePosition = queuePosition,
            ForwardedAt = at,
            CallerRegion = call.CallerRegion,
        };
    }
}
