using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Grpc.Core;
using Pvi.TestSupport;

namespace Pvi.Suite.Tests;

/// <summary>
/// The README's "run the suite" command, as a user runs it: real processes, real sockets, the
/// gateway as the only door, development tokens per role.
/// </summary>
[Collection(LocalRunCollection.Name)]
public sealed class LocalRunTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly Uri GatewayHttp = new("http://localhost:5000");
    private static readonly Uri GatewayGrpc = new("http://localhost:5001");
    private static readonly int[] SuitePorts = [5000, 5001, 5101, 5102, 5201, 5202, 5301, 5302, 5401, 5402];

    [Fact]
    public async Task Suite_started_as_the_README_says_is_ready_answers_through_the_gateway_and_stops_on_Ctrl_C()
    {
        var data = Directory.CreateTempSubdirectory("pvi-local-run-");
        var started = Stopwatch.StartNew();
        await using var suite = ServiceProcess.StartDotnet("run --project deploy/AppHost --no-build", Repository.Root, new Dictionary<string, string>
        {
            ["DataFolder"] = data.FullName,
        }, ownProcessGroup: true);

        await suite.WaitUntilOkAsync(new Uri(GatewayHttp, "/health/ready"), TimeSpan.FromSeconds(120));
        var gatewayReady = started.Elapsed;
        output.WriteLine($"gateway ready {gatewayReady.TotalSeconds:F1} s after the command started");
        using var http = new HttpClient { BaseAddress = GatewayHttp };

        foreach (var service in SuiteClients.All)
        {
            var token = await DevelopmentTokenAsync(http, service.Role);
            var rows = await CallUntilServedAsync(service, token, suite);
            output.WriteLine($"{service.Project} answered through the gateway {started.Elapsed.TotalSeconds:F1} s after the command started");
            Assert.Equal(service.SeededRows, rows);
        }

        // REST through the gateway answers too.
        using var rest = new HttpRequestMessage(HttpMethod.Get, "/v1/ndv/networks?page_size=2");
        rest.Headers.Authorization = new("Bearer", await DevelopmentTokenAsync(http, "basic-team"));
        using var restResponse = await http.SendAsync(rest);
        using var body = JsonDocument.Parse(await restResponse.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, restResponse.StatusCode);
        Assert.Equal(2, body.RootElement.GetProperty("networks").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("nextPageToken").GetString()));

        // The README's walkthrough works verbatim against the running suite.
        var (exitCode, walkthrough) = await RunReadmeWalkthroughAsync();
        Assert.True(exitCode == 0, $"README walkthrough failed ({exitCode}):\n{walkthrough}");
        Assert.Contains("roze-in-blauw", walkthrough, StringComparison.Ordinal);
        Assert.Contains("\"fieldViolations\"", walkthrough, StringComparison.Ordinal);
        Assert.Contains("401\n403\n", walkthrough, StringComparison.Ordinal);
        Assert.Contains("RSC-", walkthrough, StringComparison.Ordinal);
        Assert.Contains("ethnic-profiling", walkthrough, StringComparison.Ordinal);
        // NDV: the basisteam's request is matched to the seeded member, accepted, completed with 3 hours.
        Assert.Contains("{\"status\":\"OFFER_STATUS_ACCEPTED\"}", walkthrough, StringComparison.Ordinal);
        Assert.Contains("\"matchedMember\":{\"name\":\"Youssef El Amrani\",\"unit\":\"AM\"", walkthrough, StringComparison.Ordinal);
        Assert.Contains("{\"status\":\"OFFER_STATUS_COMPLETED\",\"hoursSpent\":3}", walkthrough, StringComparison.Ordinal);
        Assert.Contains("{\"budgetHours\":48,\"usedHours\":3,\"remainingHours\":45}", walkthrough, StringComparison.Ordinal);
        // Overflow: the first call rings the RSC operator, the live view shows it, the second rings the member on duty.
        Assert.Contains("{\"action\":\"ROUTING_ACTION_RING\",\"targetKind\":\"TARGET_KIND_OPERATOR\",\"targetId\":\"demo-rsc-operator\"", walkthrough, StringComparison.Ordinal);
        Assert.Contains("\"operatorId\":\"demo-rsc-operator\"}", walkthrough, StringComparison.Ordinal);
        Assert.Contains("{\"action\":\"ROUTING_ACTION_RING\",\"targetKind\":\"TARGET_KIND_MEMBER\",\"targetId\":\"ndv-0002\"", walkthrough, StringComparison.Ordinal);
        Assert.Contains("{\"calls\":2,\"answeredByMembers\":1,\"answeredByRscs\":1,\"serviceLevel\":1}", walkthrough, StringComparison.Ordinal);
        // Complaints: a pilot case from registration to the decision that names the Nationale ombudsman.
        Assert.Contains("\"pilotCase\":true", walkthrough, StringComparison.Ordinal);
        Assert.Contains("{\"code\":9,", walkthrough, StringComparison.Ordinal);
        Assert.Contains("{\"status\":\"COMPLAINT_STATUS_DECIDED\",\"outcome\":\"OUTCOME_UPHELD\",\"deadlines\":false}", walkthrough, StringComparison.Ordinal);
        Assert.Contains("Nationale ombudsman", walkthrough, StringComparison.Ordinal);
        Assert.Contains("\"unit\":\"AM\",\"received\":1,\"pilotCases\":1,\"closed\":1,\"unexplainedSelections\":1}", walkthrough, StringComparison.Ordinal);
        // Sociale agenda: 15 responses; Den Haag (2) suppressed and Rotterdam (6) with it; Amsterdam shown beside its measure.
        Assert.Contains("{\"state\":\"WAVE_STATE_CLOSED\",\"responses\":15}", walkthrough, StringComparison.Ordinal);
        Assert.Contains("This invitation token cannot be used: it is unknown or was used already.", walkthrough, StringComparison.Ordinal);
        Assert.Contains("{\"unit\":\"AM\",\"suppressed\":false,\"responses\":7}\n{\"unit\":\"DH\",\"suppressed\":true,\"responses\":0}\n{\"unit\":\"RT\",\"suppressed\":true,\"responses\":0}", walkthrough, StringComparison.Ordinal);
        Assert.Contains("\"who5\":60,", walkthrough, StringComparison.Ordinal);
        Assert.Contains("\"measures\":[\"Team sessions on moral dilemmas\"]}", walkthrough, StringComparison.Ordinal);

        // Every service declares its subscriptions the Dapr way; the gateway does not route there.
        foreach (var port in new[] { 5101, 5201, 5301, 5401 })
        {
            using var subscriptions = await http.GetAsync(new Uri($"http://localhost:{port}/dapr/subscribe"));
            Assert.Equal(HttpStatusCode.OK, subscriptions.StatusCode);
        }

        // Each service keeps its own SQLite file in the data folder.
        Assert.Equal(["complaints.db", "ndv.db", "overflow.db", "survey.db"], data.GetFiles("*.db").Select(f => f.Name).Order());

        Assert.True(await suite.InterruptAsync(TimeSpan.FromSeconds(60)), "the app host stops on Ctrl+C");
        await AssertPortsClosedAsync(TimeSpan.FromSeconds(60));
        Assert.True(gatewayReady < TimeSpan.FromSeconds(120), $"gateway ready after {gatewayReady}");
        data.Delete(recursive: true);
    }

    /// <summary>Runs the shell blocks between the walkthrough markers of README.md with bash.</summary>
    private static async Task<(int ExitCode, string Output)> RunReadmeWalkthroughAsync()
    {
        var readme = await File.ReadAllTextAsync(Repository.PathOf("README.md"));
        var section = readme.Split("<!-- walkthrough:start -->")[1].Split("<!-- walkthrough:end -->")[0];
        var script = string.Join('\n', System.Text.RegularExpressions.Regex.Matches(section, "```bash\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value));
        var file = Path.Combine(Path.GetTempPath(), $"pvi-walkthrough-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(file, "set -euo pipefail\n" + script);
        try
        {
            using var bash = Process.Start(new ProcessStartInfo("bash", [file])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Repository.Root,
            })!;
            var output = bash.StandardOutput.ReadToEndAsync();
            var error = bash.StandardError.ReadToEndAsync();
            await bash.WaitForExitAsync();
            return (bash.ExitCode, await output + await error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> DevelopmentTokenAsync(HttpClient http, string role)
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
    private static async Task<int> CallUntilServedAsync(SuiteClients.ServiceCall service, string token, ServiceProcess suite)
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

    private static Task AssertPortsClosedAsync(TimeSpan timeout) =>
        Eventually.UntilAsync(
            () => !SuitePorts.Any(IsListening),
            timeout,
            () => $"every port closed after Ctrl+C; still listening: {string.Join(", ", SuitePorts.Where(IsListening))}",
            TimeSpan.FromMilliseconds(500));

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

/// <summary>The local run binds fixed ports: its tests never run in parallel with each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LocalRunCollection
{
    public const string Name = "Local run";
}
