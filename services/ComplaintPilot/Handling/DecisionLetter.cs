using System.Globalization;
using Pvi.Complaints.V1;
using Complaint = Pvi.ComplaintPilot.Model.Complaint;

namespace Pvi.ComplaintPilot.Handling;

/// <summary>
/// The written decision (Awb 9:12), in Dutch as it goes to the complainant: the outcome, the
/// reasons, and where to go next: the Nationale ombudsman, within one year (Awb 9:12(2), 9:24).
/// </summary>
public static class DecisionLetter
{
    // Spelled out here: the service may run with invariant globalization, without Dutch culture data.
    private static readonly string[] Months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];

    public static string Text(Complaint complaint, Outcome outcome, DateOnly decided)
    {
        var verdict = outcome switch
        {
            Outcome.Upheld => "gegrond",
            Outcome.PartlyUpheld => "gedeeltelijk gegrond",
            _ => "ongegrond",
        };
        return $"Beslissing van {Dutch(decided)} op uw klacht, ontvangen op {Dutch(complaint.ReceiveDate)}.\n\n"
            + $"Uw klacht is {verdict} verklaard.\n\n"
            + $"Motivering: {complaint.DecisionReasons}\n\n"
            + "Bent u het niet eens met deze beslissing? Dan kunt u de Nationale ombudsman vragen uw klacht te onderzoeken. "
            + "Dat kan binnen een jaar na deze beslissing (www.nationaleombudsman.nl).";
    }

    private static string Dutch(DateOnly date) => string.Create(CultureInfo.InvariantCulture, $"{date.Day} {Months[date.Month - 1]} {date.Year}");
}
