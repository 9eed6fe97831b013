using Pvi.Ndv.V1;
using Model = Pvi.NdvMatching.Model;

namespace Pvi.NdvMatching.Tests;

/// <summary>services/NdvMatching/README.md, a new request as the model makes it, without a host: what it holds and what it announces.</summary>
public sealed class ExpertiseRequestTests
{
    private static readonly DateTime Now = new(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc);

    private static readonly Model.NewExpertiseRequest Wanted = new("AM", ["mourning-rituals"], ["ar"], Model.RequestUrgency.Urgent, 150, "Family asks about mourning customs.");

    [Fact]
    public void A_new_request_is_offered_and_keeps_the_teams_name_and_the_retry_key()
    {
        var (request, _) = Model.ExpertiseRequest.Create(Wanted, "team-am", "AM-CEN", new("r-1", "fingerprint"), Now);

        Assert.Equal(Model.RequestStatus.Offered, request.Status);
        Assert.True(request.IsOpen);
        Assert.Equal(("AM", "AM-CEN", "team-am"), (request.Unit, request.Team, request.RequestedBy));
        Assert.Equal(("r-1", "fingerprint"), (request.ClientRequestId, request.Fingerprint));
        Assert.Equal(Now, request.CreatedAt);
        Assert.Null(request.MatchedMemberId);
    }

    [Fact]
    public void The_announcement_names_unit_urgency_and_hours_and_nothing_of_the_description()
    {
        var (request, created) = Model.ExpertiseRequest.Create(Wanted, "coordinator-am", team: null, new(null, "f"), Now);

        Assert.Equal(request.Id, created.RequestId);
        Assert.Equal("AM", created.Unit);
        Assert.Equal(nameof(Urgency.Urgent), created.Urgency);
        Assert.Equal(2.5, created.ExpectedHours);
        Assert.DoesNotContain("mourning", created.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
