using System.Diagnostics.Metrics;

namespace Pvi.PhoneOverflow.Routing;

/// <summary>Domain metrics of the overflow service (OpenTelemetry meter <c>Pvi.PhoneOverflow</c>).</summary>
public static class OverflowMetrics
{
    public const string MeterName = "Pvi.PhoneOverflow";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Calls routed, by the first decision (ring, queue, voicemail): the overflow rate.</summary>
    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("pvi.overflow.calls", description: "Calls routed, by first action");
}
