namespace Pvi.Identity;

/// <summary>
/// Section <c>Identity:Keys</c>: the RS256 signing keys roll over on their own. A new key is
/// published <see cref="PublishAhead"/> before it signs (longer than the validators' metadata
/// refresh), signs for <see cref="RotationPeriod"/>, and stays published <see cref="RetainAfter"/>
/// after it stopped signing (at least as long as the tokens it signed live).
/// </summary>
public sealed class SigningKeySettings
{
    public TimeSpan RotationPeriod { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan PublishAhead { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Default: the longest token lifetime plus five minutes of clock skew.</summary>
    public TimeSpan? RetainAfter { get; set; }

    /// <summary>How often the provider looks whether a key is due to be added or removed.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}
