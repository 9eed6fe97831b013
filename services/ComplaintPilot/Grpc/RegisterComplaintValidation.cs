using Pvi.Complaints.V1;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Errors;
using Model = Pvi.ComplaintPilot.Model;

namespace Pvi.ComplaintPilot.Grpc;

/// <summary>The field checks of RegisterComplaint, all violations at once; what passes is the registration the model takes.</summary>
internal static class RegisterComplaintValidation
{
    public static Model.ComplaintRegistration Validate(
        RegisterComplaintRequest request, bool unitKnown, Model.ComplaintCategory? category, DateOnly today)
    {
        var violations = new FieldViolations();
        violations.RequestId(request.RequestId);
        violations.Known("unit", request.Unit, _ => unitKnown, "unit code");
        var received = violations.Date("receive_date", request.ReceiveDate, required: true);
        if (received > today)
        {
            violations.Add("receive_date", "must not be in the future");
        }

        violations.Defined("channel", request.Channel);
        var complainant = request.Complainant ?? new Complainant();
        violations.Required("complainant.name", complainant.Name).MaxLength("complainant.name", complainant.Name, Model.ComplaintLimits.ComplainantName);
        violations.MaxLength("complainant.email", complainant.Email, Model.ComplaintLimits.ComplainantEmail).MaxLength("complainant.phone", complainant.Phone, Model.ComplaintLimits.ComplainantPhone).MaxLength("complainant.address", complainant.Address, Model.ComplaintLimits.ComplainantAddress);
        var conduct = violations.Date("conduct_date", request.ConductDate, required: true);
        if (conduct is not null && received is not null && conduct > received)
        {
            violations.Add("conduct_date", "must not be after the receive date");
        }

        violations.Required("conduct_description", request.ConductDescription).MaxLength("conduct_description", request.ConductDescription, Model.ComplaintLimits.ConductDescription);
        if (request.Officers.Count is 0 or > Model.ComplaintLimits.MaxOfficers)
        {
            violations.Add("officers", $"must name 1 to {Model.ComplaintLimits.MaxOfficers} officers");
        }

        for (var i = 0; i < request.Officers.Count && i < Model.ComplaintLimits.MaxOfficers; i++)
        {
            violations.Required($"officers[{i}].officer_id", request.Officers[i].OfficerId).MaxLength($"officers[{i}].officer_id", request.Officers[i].OfficerId, Model.ComplaintLimits.PersonId);
            violations.Required($"officers[{i}].team", request.Officers[i].Team).MaxLength($"officers[{i}].team", request.Officers[i].Team, Model.ComplaintLimits.Team);
        }

        violations.Known("category", request.Category, _ => category is not null, "category code");
        violations.ThrowIfAny();

        return new Model.ComplaintRegistration(
            request.Unit,
            received!.Value,
            (int)request.Channel,
            complainant.Name.Trim(),
            Optional(complainant.Email),
            Optional(complainant.Phone),
            Optional(complainant.Address),
            conduct!.Value,
            request.ConductDescription.Trim(),
            [.. request.Officers.Select(o => new Model.InvolvedOfficer { OfficerId = o.OfficerId.Trim(), Team = o.Team.Trim() })],
            category!);
    }

    private static string? Optional(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
