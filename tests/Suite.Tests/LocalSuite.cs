using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Grpc.Core;
using Pvi.TestSupport;

namespace Pvi.Suite.Tests;

/// <summary>The local run as the README starts it: the gateway's fixed ports, development tokens, waiting until a service serves.</summary>
public static class LocalSuite
{
    public static readonly Uri GatewayHttp = new("http://localhost:5000");
    public static readonly Uri GatewayGrpc = new("http://localhost:5001");

    /// <summary>The local run's own identity provider (services/Identity on its tye.yaml port).</summary>
    public static readonly Uri Identity = new("http://localhost:5500/");

    /// <summary>Tokens of the local run's provider, for any identity a test describes.</summary>
    public static TokenSource Tokens { get; } = new(() => Identity);

    /// <summary>The fixed ports of tye.yaml the local run binds.</summary>
    public static readonly int[] Ports = [5500, 5600, 5000, 5001, 5101, 5102, 5201, 5202, 5301, 5302, 5401, 5402, 18888, 18889, 18890];

    /// <summary>Until no process listens on the local run's ports (a run before this one has stopped).</summary>
    public static Task WaitUntilPortsClosedAsync(TimeSpan timeout) =>
        Eventually.UntilAsync(
            () => !Ports.Any(IsListening),
            timeout,
            () => $"every port of the local run is closed; still listening: {string.Join(", ", Ports.Where(IsListening))}",
            TimeSpan.FromMilliseconds(500));

    /// <summary>Starts `dotnet run --project deploy/AppHost` on a data folder and waits until every service answers through the gateway.</summary>
    public static async Task<ServiceProcess> StartAsync(DirectoryInfo data)
    {
        var suite = await LaunchAsync(data);
        using var http = new HttpClient { BaseAddress = GatewayHttp };
        foreach (var service in SuiteClients.All)
        {
            await CallUntilServedAsync(service, await DevelopmentTokenAsync(http, service.Role), suite);
        }

        return suite;
    }

    /// <summary>
    /// Starts `dotnet run --project deploy/AppHost` as a user types it, with <paramref name="environment"/>
    /// (ASPNETCORE_ENVIRONMENT, Authentication__...) in its environment, and waits until the gateway is ready.
    /// </summary>
    public static async Task<ServiceProcess> LaunchAsync(DirectoryInfo data, IReadOnlyDictionary<string, string>? environment = null)
    {
        await WaitUntilPortsClosedAsync(TimeSpan.FromSeconds(60));
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["DataFolder"] = data.FullName };
        var suite = ServiceProcess.StartDotnet("run --project deploy/AppHost --no-build", Repository.Root, variables, ownProcessGroup: true);
        await suite.WaitUntilOkAsync(new Uri(GatewayHttp, "/health/ready"), TimeSpan.FromSeconds(120));
        return suite;
    }

    /// <summary>A development token of the first demo user with the role.</summary>
    public static async Task<string> DevelopmentTokenAsync(HttpClient http, string role)
    {
        using var users = JsonDocument.Parse(await http.GetStringAsync("/dev/users"));
        var user = users.RootElement.EnumerateArray()
            .First(u => u.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == role))
            .GetProperty("id").GetString();
        using var response = await http.PostAsync($"/dev/tokens/{user}", null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Calls through the gateway until the service has finished starting (502/503 until then).</summary>
    public static async Task<int> CallUntilServedAsync(SuiteClients.ServiceCall service, string token, ServiceProcess suite)
    {
        using var channel = Channels.Grpc(GatewayGrpc, token);
        var rows = 0;
        await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    rows = await service.Call(channel);
                    return true;
                }
                catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown)
                {
                    return false;
                }
                catch (RpcException ex)
                {
                    throw new InvalidOperationException($"{service.Project} did not answer through the gateway: {ex.Status}\n{suite.Output}", ex);
                }
            },
            TimeSpan.FromSeconds(90),
            () => $"{service.Project} answers through the gateway:\n{suite.Output}",
            TimeSpan.FromMilliseconds(250));
        return rows;
    }

    /// <summary>A development token of the demo user with this id (seeds/users.json).</summary>
    public static async Task<string> TokenOfAsync(HttpClient http, string userId)
    {
        using var response = await http.PostAsync(new Uri($"/dev/tokens/{userId}", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
