using Grpc.Net.Client;
using Pvi.Complaints.V1;
using Pvi.Ndv.V1;
using Pvi.Overflow.V1;
using Pvi.Survey.V1;

namespace Pvi.Suite.Tests;

/// <summary>One real call per service, the first RPC each one serves, and the number of seeded rows it should return.</summary>
public static class SuiteClients
{
    public sealed record ServiceCall(string Project, string Database, string Role, int SeededRows, Func<GrpcChannel, Task<int>> Call);

    public static IReadOnlyList<ServiceCall> All { get; } =
    [
        new("NdvMatching", "ndv", "basic-team", 8, async channel =>
            (await new NdvMatchingService.NdvMatchingServiceClient(channel).ListNetworksAsync(new ListNetworksRequest { PageSize = 500 })).Networks.Count),
        new("PhoneOverflow", "overflow", "overflow-coordinator", 10, async channel =>
            (await new PhoneOverflowService.PhoneOverflowServiceClient(channel).ListRegionalServiceCentresAsync(new ListRegionalServiceCentresRequest { PageSize = 500 })).RegionalServiceCentres.Count),
        new("ComplaintPilot", "complaints", "complaint-handler", 6, async channel =>
            (await new ComplaintPilotService.ComplaintPilotServiceClient(channel).ListCategoriesAsync(new ListCategoriesRequest { PageSize = 500 })).Categories.Count),
        new("SocialAgenda", "survey", "employee", 13, async channel =>
            (await new SocialAgendaService.SocialAgendaServiceClient(channel).ListUnitsAsync(new ListUnitsRequest { PageSize = 500 })).Units.Count),
    ];

    public static ServiceCall For(string project) => All.Single(c => c.Project == project);
}
