using Microsoft.EntityFrameworkCore;
using Pvi.Complaints.V1;
using Pvi.Ndv.V1;
using Pvi.ServiceDefaults.Authentication;
using Pvi.TestSupport;

namespace Pvi.ComplaintPilot.Tests;

/// <summary>
/// DOMAIN.md section 3, the pilot: an NDV network representative is requested from the real NDV
/// matching service (a process on real sockets) and recorded on the case when a member accepts
/// (the NDV service's event, delivered the Dapr way). The NDV service may be down at registration.
/// </summary>
public sealed class NdvRepresentativeTests : IAsyncLifetime
{
    private readonly (int Http, int Grpc) _ndvPorts = (FreePort.Next(), FreePort.Next());
    private ComplaintService _complaints = null!;
    private ServiceProcess? _ndv;

    public async Task InitializeAsync() =>
        _complaints = await ComplaintService.StartAsync(ServiceUnderTest<Program>.Sqlite, null, new Uri($"http://127.0.0.1:{_ndvPorts.Grpc}"));

    public async Task DisposeAsync()
    {
        if (_ndv is not null)
        {
            await _ndv.DisposeAsync();
        }

        await _complaints.DisposeAsync();
    }

    [Fact]
    public async Task A_pilot_case_gets_an_NDV_representative_once_also_when_the_NDV_service_was_down_at_registration()
    {
        var handler = _complaints.Client(People.Handler());
        var request = new RegisterComplaintRequest
        {
            Unit = "AM",
            ReceiveDate = "2026-05-12",
            Channel = Channel.Written,
            Complainant = new Complainant { Name = "Samira Bakker" },
            ConductDate = "2026-05-01",
            ConductDescription = "Stopped without a reason given.",
            Category = "ethnic-profiling",
            Officers = { new InvolvedOfficer { OfficerId = "officer-7", Team = "AM-CEN" } },
        };
        var complaint = await handler.RegisterComplaintAsync(request);

        // The NDV service is down: the request waits, the complaint is registered all the same.
        Assert.Equal(0, await _complaints.RequestRepresentativesAsync());
        Assert.True(await _complaints.DbAsync(db => db.Complaints.Where(c => c.Id == complaint.Id).Select(c => c.NdvRequestPending).SingleAsync()));

        var ndvHttp = $"http://127.0.0.1:{_ndvPorts.Http}";
        _ndv = ServiceProcess.StartService("NdvMatching", _ndvPorts.Http, _ndvPorts.Grpc, new Dictionary<string, string>
        {
            ["Database__DataFolder"] = Directory.CreateTempSubdirectory("pvi-ndv-").FullName,
            ["Events__Subscribers__ndv-matching"] = ndvHttp,
            ["Events__Subscribers__phone-overflow"] = ndvHttp,
            ["Events__Subscribers__social-agenda"] = ndvHttp,
            ["Events__Subscribers__complaint-pilot"] = _complaints.Http.ToString(),
        });
        await _ndv.WaitUntilOkAsync(new Uri($"{ndvHttp}/health/ready"), TimeSpan.FromSeconds(60));

        Assert.Equal(1, await _complaints.RequestRepresentativesAsync());
        Assert.Equal(0, await _complaints.RequestRepresentativesAsync());
        var ndvRequestId = await _complaints.DbAsync(db => db.Complaints.Where(c => c.Id == complaint.Id).Select(c => c.NdvRequestId).SingleAsync());

        using var nationalChannel = Channels.Grpc(new Uri($"http://127.0.0.1:{_ndvPorts.Grpc}"), TestTokens.For(new SuiteUser { Id = "national", Name = "national", Roles = [Roles.NdvNationalCoordinator], Unit = "PDC" }));
        var national = new NdvMatchingService.NdvMatchingServiceClient(nationalChannel);
        var requests = (await national.ListExpertiseRequestsAsync(new ListExpertiseRequestsRequest())).Requests;
        Assert.Equal(ndvRequestId, Assert.Single(requests).Id);
        Assert.Equal(["ethnic-profiling-experience"], requests[0].NeededExpertise);

        var offer = Assert.Single((await national.ListOffersAsync(new ListOffersRequest { RequestId = ndvRequestId, Status = OfferStatus.Pending })).Offers);
        using var memberChannel = Channels.Grpc(new Uri($"http://127.0.0.1:{_ndvPorts.Grpc}"), TestTokens.For(new SuiteUser { Id = "member", Name = "member", Roles = [Roles.NdvMember], NdvMember = offer.MemberId, Unit = "AM" }));
        await new NdvMatchingService.NdvMatchingServiceClient(memberChannel).AcceptOfferAsync(new AcceptOfferRequest { Id = offer.Id });

        await Eventually.UntilAsync(
            async () => (await handler.GetComplaintAsync(new GetComplaintRequest { Id = complaint.Id })).NdvRepresentative == offer.MemberId,
            TimeSpan.FromSeconds(60), () => $"the representative on the complaint:\n{_ndv.Output}");
        var history = (await handler.GetComplaintAsync(new GetComplaintRequest { Id = complaint.Id })).History.Select(h => h.Kind);
        Assert.Equal(["registered", "ndv-requested", "ndv-representative"], history);
    }
}
