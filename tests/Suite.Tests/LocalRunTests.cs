using System.Diagnostics;
using System.Net;
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
    private static readonly Uri GatewayHttp = LocalSuite.GatewayHttp;

    [Fact]
    public async Task Suite_started_as_the_README_says_is_ready_answers_through_the_gateway_and_stops_on_Ctrl_C()
    {
        // Another local run of these tests may still be closing its ports.
        await LocalSuite.WaitUntilPortsClosedAsync(TimeSpan.FromSeconds(60));
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
            var token = await LocalSuite.DevelopmentTokenAsync(http, service.Role);
            var rows = await LocalSuite.CallUntilServedAsync(service, token, suite);
            output.WriteLine($"{service.Project} answered through the gateway {started.Elapsed.TotalSeconds:F1} s after the command started");
            Assert.Equal(service.SeededRows, rows);
        }

        // REST through the gateway answers too.
        using var rest = new HttpRequestMessage(HttpMethod.Get, "/v1/ndv/networks?page_size=2");
        rest.Headers.Authorization = new("Bearer", await LocalSuite.DevelopmentTokenAsync(http, "basic-team"));
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
        Assert.Contains("{\"status\":\"OFFER_STATUS_DECLINED\"}\n{\"status\":\"OFFER_STATUS_ACCEPTED\"}", walkthrough, StringComparison.Ordinal);
        Assert.Contains("\"matchedMember\":{\"name\":\"Sem Ouali\",\"unit\":\"OB\"", walkthrough, StringComparison.Ordinal);
        Assert.Contains("{\"status\":\"OFFER_STATUS_COMPLETED\",\"hoursSpent\":3}", walkthrough, StringComparison.Ordinal);
        Assert.Contains("{\"budgetHours\":36,\"usedHours\":3,\"remainingHours\":33}", walkthrough, StringComparison.Ordinal);
        Assert.Contains("{\"unit\":\"AM\",\"requests\":1,\"matched\":1,\"matchRate\":1}", walkthrough, StringComparison.Ordinal);
        Assert.Contains("{\"unit\":\"OB\",\"usedHours\":3}", walkthrough, StringComparison.Ordinal);
        // Flow overflow -> NDV: the member's call time came off the budget (a minute or more).
        Assert.Matches("\\{\"rozeInBlauwCallHours\": 0\\.0[1-9][0-9]*\\}", walkthrough);
        // Flow complaint -> NDV: the representative who accepted is on the complaint.
        Assert.Contains("{\"ndvRepresentative\": \"ndv-0001\"}", walkthrough, StringComparison.Ordinal);
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
        // Sociale agenda: 29 responses; Den Haag (3) suppressed and Midden-Nederland (6) with it; Amsterdam and Rotterdam shown.
        Assert.Contains("{\"state\":\"WAVE_STATE_CLOSED\",\"responses\":29}", walkthrough, StringComparison.Ordinal);
        Assert.Contains("This invitation token cannot be used: it is unknown or was used already.", walkthrough, StringComparison.Ordinal);
        Assert.Contains("{\"unit\":\"AM\",\"suppressed\":false,\"responses\":12}\n{\"unit\":\"DH\",\"suppressed\":true,\"responses\":0}\n{\"unit\":\"MN\",\"suppressed\":true,\"responses\":0}\n{\"unit\":\"RT\",\"suppressed\":false,\"responses\":8}", walkthrough, StringComparison.Ordinal);
        Assert.Contains("\"who5\":60,", walkthrough, StringComparison.Ordinal);
        Assert.Contains("\"measures\":[\"Team sessions on moral dilemmas\"]}", walkthrough, StringComparison.Ordinal);

        // What the tour handled that is sensitive (the complainant, the caller's number, a member's faith
        // and origin networks) is in no log, no trace and no event of any service.
        using (var dashboard = new HttpClient { BaseAddress = new Uri("http://localhost:18888") })
        {
            await SuiteDatabases.WaitUntilEventsDeliveredAsync(data);
            var (logs, logCount) = await AllTelemetryAsync(dashboard, "logs");
            var (spans, spanCount) = await AllTelemetryAsync(dashboard, "spans");
            var events = await SuiteDatabases.EventsAsync(data);
            Assert.Contains("ndv.offer-accepted publish", spans, StringComparison.Ordinal);
            Assert.Contains("complaints.registered", events, StringComparison.Ordinal);
            Assert.Contains("logRecords", logs, StringComparison.Ordinal);
            foreach (var secret in new[] { "Samira Bakker", "s.bakker@example.nl", "+31101234567", "31101234567", "moslim", "marokkaans" })
            {
                Assert.False(logs.Contains(secret, StringComparison.Ordinal), $"{secret} is in a log");
                Assert.False(spans.Contains(secret, StringComparison.Ordinal), $"{secret} is in a trace");
                Assert.False(events.Contains(secret, StringComparison.Ordinal), $"{secret} is in an event");
            }

            output.WriteLine($"searched every record of the run: {logCount:N0} log records ({logs.Length:N0} characters), {spanCount:N0} spans ({spans.Length:N0} characters), {events.Length:N0} characters of events");
        }

        // Every service declares its subscriptions the Dapr way; the gateway does not route there.
        foreach (var port in new[] { 5101, 5201, 5301, 5401 })
        {
            using var subscriptions = await http.GetAsync(new Uri($"http://localhost:{port}/dapr/subscribe"));
            Assert.Equal(HttpStatusCode.OK, subscriptions.StatusCode);
        }

        // Each service keeps its own SQLite file in the data folder, and so does the identity provider.
        Assert.Equal(["complaints.db", "identity.db", "ndv.db", "overflow.db", "survey.db"], data.GetFiles("*.db").Select(f => f.Name).Order());

        Assert.True(await suite.InterruptAsync(TimeSpan.FromSeconds(60)), "the app host stops on Ctrl+C");
        await LocalSuite.WaitUntilPortsClosedAsync(TimeSpan.FromSeconds(60));
        Assert.True(gatewayReady < TimeSpan.FromSeconds(120), $"gateway ready after {gatewayReady}");
        data.Delete(recursive: true);
    }

    [Fact]
    public async Task Suite_runs_as_Production_with_a_signing_key_of_ones_own_and_without_development_routes()
    {
        // deploy/README.md, one machine: the environment of the command holds for every process.
        var data = Directory.CreateTempSubdirectory("pvi-local-production-");
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        await using var suite = await LocalSuite.LaunchAsync(data, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Authentication__Jwt__SigningKey"] = key,
        });
        using var http = new HttpClient { BaseAddress = GatewayHttp };

        using (var users = await http.GetAsync(new Uri("/dev/users", UriKind.Relative)))
        {
            Assert.NotEqual(HttpStatusCode.OK, users.StatusCode);
        }

        using (var tokens = await http.PostAsync(new Uri("/dev/tokens/demo-basic-team", UriKind.Relative), null))
        {
            Assert.NotEqual(HttpStatusCode.OK, tokens.StatusCode);
        }

        var own = new Pvi.ServiceDefaults.Authentication.TokenIssuer(new Pvi.ServiceDefaults.Authentication.JwtSettings { SigningKey = key }, TimeProvider.System);
        foreach (var service in SuiteClients.All)
        {
            var token = own.Issue(DemoUsers.Get(DemoUsers.WithRole(service.Role)), TimeSpan.FromMinutes(10));
            Assert.Equal(service.SeededRows, await LocalSuite.CallUntilServedAsync(service, token, suite));
        }

        // A token of another provider (the tests' own) means nothing there.
        using var channel = Channels.Grpc(LocalSuite.GatewayGrpc, TestTokens.For("basic-team"));
        var refused = await Assert.ThrowsAsync<RpcException>(() => SuiteClients.For("NdvMatching").Call(channel));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);

        Assert.True(await suite.InterruptAsync(TimeSpan.FromSeconds(60)), "the app host stops on Ctrl+C");
        await LocalSuite.WaitUntilPortsClosedAsync(TimeSpan.FromSeconds(60));
        data.Delete(recursive: true);
    }

    /// <summary>
    /// Every log record or span the dashboard holds of the run (its API answers the newest 200 unless
    /// asked for more), and how many; fails if the dashboard had to drop any for its own limit.
    /// </summary>
    private static async Task<(string Json, int Count)> AllTelemetryAsync(HttpClient dashboard, string kind)
    {
        const int DashboardLimit = 10_000; // the dashboard's default TelemetryLimits per kind
        var json = await dashboard.GetStringAsync(new Uri($"/api/telemetry/{kind}?limit={DashboardLimit}", UriKind.Relative));
        using var page = JsonDocument.Parse(json);
        var total = page.RootElement.GetProperty("totalCount").GetInt32();
        var returned = page.RootElement.GetProperty("returnedCount").GetInt32();
        Assert.True(returned == total, $"all {total} {kind} returned, not {returned}");
        Assert.True(total < DashboardLimit, $"{total} {kind}: at the dashboard's limit, older ones may have been dropped");
        return (json, total);
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
}

/// <summary>The local run binds fixed ports: its tests never run in parallel with each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LocalRunCollection
{
    public const string Name = "Local run";
}
