using Pvi.ComplaintPilot.Model;
using Pvi.ServiceDefaults.Time;

namespace Pvi.ComplaintPilot.Handling;

/// <summary>
/// The terms of Awb chapter 9, counted in calendar days from the date of receipt: decline within 4
/// weeks (9:8); decide within 6 weeks, 10 when a committee advises (9:11(1)); one extension of at
/// most 4 weeks with written notice (9:11(2)); later only with the complainant's written consent.
/// </summary>
public sealed class AwbDeadlines(LocalCalendar calendar)
{
    public const int DeclineWeeks = 4;
    public const int DecisionWeeks = 6;
    public const int CommitteeDecisionWeeks = 10;
    public const int MaxExtensionWeeks = 4;

    /// <summary>Today in the unit's calendar.</summary>
    public DateOnly Today => calendar.Today;

    public static DateOnly DeclineBy(Complaint complaint) => complaint.ReceiveDate.AddDays(DeclineWeeks * 7);

    public static DateOnly DecisionDue(Complaint complaint) =>
        complaint.ConsentedDueDate
        ?? complaint.ReceiveDate.AddDays(((complaint.WithCommitteeAdvice ? CommitteeDecisionWeeks : DecisionWeeks) + complaint.ExtensionWeeks) * 7);
}
