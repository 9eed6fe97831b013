using Google.Protobuf.WellKnownTypes;
using Pvi.ComplaintPilot.Handling;
using Pvi.Complaints.V1;
using Pvi.ServiceData;

namespace Pvi.ComplaintPilot.Model;

public sealed partial class Complaint
{
    /// <summary>
    /// A new complaint in the state Received, with its Awb decision deadline. It is a pilot case when
    /// it is about ethnic profiling in one of the pilot's units; a pilot case asks the NDV service for
    /// a network representative (services/ComplaintPilot/README.md).
    /// </summary>
    public static (Complaint Complaint, ComplaintStep Step) Register(
        ComplaintRegistration registration, IReadOnlyCollection<string> pilotUnits, string registeredBy, CreateKey key, DateTime now)
    {
        var pilotCase = registration.Category.EthnicProfiling && pilotUnits.Contains(registration.Unit);
        var complaint = new Complaint
        {
            Id = Guid.CreateVersion7(now).ToString(),
            ClientRequestId = key.ClientRequestId,
            Fingerprint = key.Fingerprint,
            RegisteredBy = registeredBy,
            Unit = registration.Unit,
            ReceiveDate = registration.ReceiveDate,
            Channel = registration.Channel,
            ComplainantName = registration.ComplainantName,
            ComplainantEmail = registration.ComplainantEmail,
            ComplainantPhone = registration.ComplainantPhone,
            ComplainantAddress = registration.ComplainantAddress,
            ConductDate = registration.ConductDate,
            ConductDescription = registration.ConductDescription,
            Officers = [.. registration.Officers],
            Category = registration.Category.Code,
            PilotCase = pilotCase,
            Status = ComplaintState.Received,
            NdvRequestPending = pilotCase,
            CreatedAt = now,
        };
        complaint.DecisionDue = AwbDeadlines.DecisionDue(complaint);
        var step = ComplaintStep.Announcing("registered", pilotCase ? "pilot case: ethnic profiling in a pilot unit" : null, new ComplaintRegistered
        {
            ComplaintId = complaint.Id,
            Unit = complaint.Unit,
            Category = complaint.Category,
            PilotCase = pilotCase,
            ReceiveDate = IsoDate.Format(complaint.ReceiveDate),
            RegisterTime = Timestamp.FromDateTime(now),
        });
        return (complaint, step);
    }
}
