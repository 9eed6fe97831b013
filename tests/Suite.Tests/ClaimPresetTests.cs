using Google.Protobuf;
using Grpc.Net.Client;
using Pvi.ServiceDefaults.Authentication;
using Pvi.TestSupport;

namespace Pvi.Suite.Tests;

/// <summary>
/// The police's provider needs configuration, not code (deploy/README.md, connect the police's provider):
/// tokens shaped as Keycloak, Entra ID and AD FS issue them, read through their claims preset by
/// the gateway and the services, give the same answers as the suite's own tokens in the
/// authorization matrix, for every RPC of two services and a sample of roles.
/// </summary>
public sealed class ClaimPresetTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string[] SampledRoles =
    [
        Roles.BasicTeam, Roles.NdvMember, Roles.NdvCoordinator, Roles.NdvNationalCoordinator, Roles.ComplaintHandler,
        Roles.ComplaintCoordinator, Roles.UnitManagement, Roles.Employee, Roles.Service,
    ];

    public static TheoryData<string> Presets => new(ClaimPresets.Keycloak, ClaimPresets.EntraId, ClaimPresets.AdFs);

    [Theory]
    [MemberData(nameof(Presets))]
    public async Task Tokens_of_a_provider_read_through_its_preset_give_the_answers_of_the_authorization_matrix(string preset)
    {
        await using var provider = await ExternalProvider.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["Authentication__Jwt__Authority"] = provider.Issuer.ToString(),
            ["Authentication__Claims__Preset"] = preset,
        };
        if (preset == ClaimPresets.EntraId)
        {
            // App roles as Entra ID administrators tend to name them, mapped to the suite's.
            foreach (var role in Roles.All)
            {
                settings[$"Authentication__Claims__RoleValues__PVI.{role}"] = role;
            }
        }

        var (ndvHttp, ndvGrpc, complaintsHttp, complaintsGrpc) = (FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());
        var nowhere = $"http://127.0.0.1:{FreePort.Next()}";
        var alone = new Dictionary<string, string>(settings)
        {
            // Only these services run: their events wait in the outbox, their calls to NDV find nobody.
            ["Events__Subscribers__ndv-matching"] = nowhere,
            ["Events__Subscribers__phone-overflow"] = nowhere,
            ["Events__Subscribers__complaint-pilot"] = nowhere,
            ["Events__Subscribers__social-agenda"] = nowhere,
            ["Services__ndv__Grpc"] = nowhere,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        await using var ndv = ServiceProcess.StartService("NdvMatching", ndvHttp, ndvGrpc, alone);
        await using var complaints = ServiceProcess.StartService("ComplaintPilot", complaintsHttp, complaintsGrpc, alone);
        await ndv.WaitUntilOkAsync(new Uri($"http://127.0.0.1:{ndvHttp}/health/ready"), TimeSpan.FromSeconds(60));
        await complaints.WaitUntilOkAsync(new Uri($"http://127.0.0.1:{complaintsHttp}/health/ready"), TimeSpan.FromSeconds(60));
        await using var gateway = await GatewayProcess.StartAsync("ndv", new Uri($"http://127.0.0.1:{ndvGrpc}"), new Dictionary<string, string>(settings)
        {
            ["ReverseProxy__Clusters__complaints__Destinations__local__Address"] = $"http://127.0.0.1:{complaintsGrpc}",
        });

        var matrix = AuthorizationMatrix.Read();
        using var channel = GrpcChannel.ForAddress(gateway.Grpc);
        var invoker = channel.CreateCallInvoker();
        var compared = 0;
        foreach (var method in RpcProbe.Methods.Where(m => m.Service.FullName is "pvi.ndv.v1.NdvMatchingService" or "pvi.complaints.v1.ComplaintPilotService"))
        {
            foreach (var role in SampledRoles)
            {
                var answer = await RpcProbe.CallAsync(invoker, method, (IMessage)Activator.CreateInstance(method.InputType.ClrType)!, provider.Token(Shaped(preset, role)));
                Assert.True(answer == matrix[(RpcProbe.Name(method), role)], $"{RpcProbe.Name(method)} for {role} in a {preset} token: {answer}, the suite's own token: {matrix[(RpcProbe.Name(method), role)]}");
                compared++;
            }
        }

        output.WriteLine($"{preset}: {compared} answers through the gateway equal to the authorization matrix");
    }

    /// <summary>The matrix's caller of a role (unit AM, team AM-CEN, RSC-AM, NDV member ndv-0001) in the shape of the preset's provider.</summary>
    private static Dictionary<string, object> Shaped(string preset, string role) => preset switch
    {
        ClaimPresets.Keycloak => new()
        {
            ["sub"] = $"matrix-{role}", ["preferred_username"] = role, ["azp"] = "pvi-console", ["typ"] = "Bearer",
            ["realm_access"] = new Dictionary<string, object> { ["roles"] = new[] { role, "offline_access", "uma_authorization" } },
            ["unit"] = "AM", ["team"] = "AM-CEN", ["rsc"] = "RSC-AM", ["ndv_member"] = "ndv-0001",
        },
        ClaimPresets.EntraId => new()
        {
            ["oid"] = $"matrix-{role}", ["sub"] = "pairwise-" + role.GetHashCode(StringComparison.Ordinal), ["name"] = role, ["tid"] = "politie-tenant",
            ["roles"] = new[] { $"PVI.{role}" }, ["extn.unit"] = "AM", ["extn.team"] = "AM-CEN", ["extn.rsc"] = "RSC-AM", ["extn.ndv_member"] = "ndv-0001",
        },
        _ => new()
        {
            ["sub"] = $"matrix-{role}", ["unique_name"] = role, ["upn"] = $"{role}@politie.nl",
            ["http://schemas.microsoft.com/ws/2008/06/identity/claims/role"] = role,
            ["http://schemas.politie.nl/claims/unit"] = "AM", ["http://schemas.politie.nl/claims/team"] = "AM-CEN",
            ["http://schemas.politie.nl/claims/rsc"] = "RSC-AM", ["http://schemas.politie.nl/claims/ndv_member"] = "ndv-0001",
        },
    };
}
