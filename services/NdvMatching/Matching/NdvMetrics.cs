using System.Diagnostics.Metrics;

namespace Pvi.NdvMatching.Matching;

/// <summary>Domain metrics of the matching service (OpenTelemetry meter <c>Pvi.NdvMatching</c>).</summary>
public static class NdvMetrics
{
    public const string MeterName = "Pvi.NdvMatching";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> RequestsCreated = Meter.CreateCounter<long>("pvi.ndv.requests.created", description: "Expertise requests created");

    public static readonly Counter<long> OffersMade = Meter.CreateCounter<long>("pvi.ndv.offers.made", description: "Offers made to members");

    public static readonly Counter<long> OffersExpired = Meter.CreateCounter<long>("pvi.ndv.offers.expired", description: "Offers that expired unanswered");

    public static readonly Counter<long> RequestsUnmatched = Meter.CreateCounter<long>("pvi.ndv.requests.unmatched", description: "Requests with nobody eligible");

    public static readonly Histogram<double> HoursSpent = Meter.CreateHistogram<double>("pvi.ndv.requests.hours_spent", unit: "h", description: "Hours spent on completed requests");
}
