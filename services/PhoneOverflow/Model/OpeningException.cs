namespace Pvi.PhoneOverflow.Model;

/// <summary>Other hours on one local date; closed all day when <see cref="Closed"/>.</summary>
public sealed class OpeningException
{
    public DateOnly Date { get; set; }

    public bool Closed { get; set; }

    public int OpensMinute { get; set; }

    public int ClosesMinute { get; set; }
}
