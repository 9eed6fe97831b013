using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Pvi.TestSupport;

namespace Pvi.Suite.Tests;

/// <summary>
/// The flows between the services on the local run, started as the README says: members' events
/// fill the overflow roster within seconds, and each journey step is one trace in the Aspire
/// dashboard across the gateway, the service, the relay that publishes its event and the service
/// that subscribes to it (read back from the dashboard's telemetry API).
/// </summary>
[Collection(LocalRunCollection.Name)]
public sealed class FlowTests(LocalSuiteFixture suite) : IClassFixture<LocalSuiteFixture>
{
    private static readonly Uri Dashboard = new("http://localhost:18888");

    [Fact]
    public async Task A_member_joining_Roze_in_Blauw_in_the_NDV_service_is_on_the_overflow_roster_within_seconds_and_off_when_leaving()
    {
        using var http = new HttpClient { BaseAddress = LocalSuite.GatewayHttp };
        var coordinator = await LocalSuite.TokenOfAsync(http, "demo-ndv-national");
        // ndv-0015 (Amsterdam) is not in Roze in Blauw: the overflow service does not let them go on duty.
        using var memberChannel = Channels.Grpc(LocalSuite.GatewayGrpc, LocalSuite.Tokens.For(new Pvi.ServiceDefaults.Authentication.SuiteUser
        {
            Id = "user-ndv-0015", Name = "NDV member", Roles = [Pvi.ServiceDefaults.Authentication.Roles.NdvMember], NdvMember = "ndv-0015", Unit = "AM",
        }));
        var member = new Pvi.Overflow.V1.PhoneOverflowService.PhoneOverflowServiceClient(memberChannel);
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => member.GoOnDutyAsync(new Pvi.Overflow.V1.GoOnDutyRequest()).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.PermissionDenied, refused.StatusCode);

        await SetNetworksAsync(http, coordinator, "ndv-0015", ["moslim", "roze-in-blauw"]);
        var joined = Stopwatch.StartNew();
        await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    return (await member.GoOnDutyAsync(new Pvi.Overflow.V1.GoOnDutyRequest())).OnDuty;
                }
                catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.PermissionDenied)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(10), () => "the member may go on duty once the member event reached the overflow service");
        Assert.True(joined.Elapsed < TimeSpan.FromSeconds(10));

        // Leaving the network takes them off duty and off the roster.
        await SetNetworksAsync(http, coordinator, "ndv-0015", ["moslim"]);
        using var overflowCoordinatorChannel = Channels.Grpc(LocalSuite.GatewayGrpc, await LocalSuite.TokenOfAsync(http, "demo-overflow-coordinator"));
        var overflow = new Pvi.Overflow.V1.PhoneOverflowService.PhoneOverflowServiceClient(overflowCoordinatorChannel);
        await Eventually.UntilAsync(
            async () => !(await overflow.ListDutyRosterAsync(new Pvi.Overflow.V1.ListDutyRosterRequest())).Members.Any(m => m.MemberId == "ndv-0015" && (m.OnDuty || m.MayTakeCalls)),
            TimeSpan.FromSeconds(10), () => "the member is off duty and may not take calls after leaving Roze in Blauw");
        var again = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => member.GoOnDutyAsync(new Pvi.Overflow.V1.GoOnDutyRequest()).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.PermissionDenied, again.StatusCode);
    }

    [Fact]
    public async Task A_journey_step_is_one_trace_across_gateway_service_relay_and_subscriber()
    {
        using var http = new HttpClient { BaseAddress = LocalSuite.GatewayHttp };

        // An NDV coordinator renames a Roze in Blauw member: the roster of the phone-overflow service follows.
        var rename = ActivityTraceId.CreateRandom();
        using (var request = new HttpRequestMessage(HttpMethod.Patch, "/v1/ndv/members/ndv-0017?updateMask=name") { Content = JsonContent.Create(new { name = "Bram de Wit" }) })
        {
            request.Headers.Authorization = new("Bearer", await LocalSuite.TokenOfAsync(http, "demo-ndv-national"));
            request.Headers.Add("traceparent", $"00-{rename}-{ActivitySpanId.CreateRandom()}-01");
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }

        // A member accepts an offer: the complaint pilot's subscriber sees the event.
        var basicTeam = await LocalSuite.TokenOfAsync(http, "demo-basic-team");
        var member = await LocalSuite.TokenOfAsync(http, "demo-ndv-member");
        using var ask = new HttpRequestMessage(HttpMethod.Post, "/v1/ndv/requests")
        {
            Content = JsonContent.Create(new { unit = "AM", neededExpertise = new[] { "mourning-rituals" }, urgency = "URGENCY_NORMAL", expectedHours = 2, description = "A question about a burial." }),
        };
        ask.Headers.Authorization = new("Bearer", basicTeam);
        (await http.SendAsync(ask)).EnsureSuccessStatusCode();
        using var offers = new HttpRequestMessage(HttpMethod.Get, "/v1/ndv/offers?status=OFFER_STATUS_PENDING");
        offers.Headers.Authorization = new("Bearer", member);
        var offer = (await (await http.SendAsync(offers)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("offers")[0].GetProperty("id").GetString();
        var accept = ActivityTraceId.CreateRandom();
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/ndv/offers/{offer}:accept") { Content = JsonContent.Create(new { }) })
        {
            request.Headers.Authorization = new("Bearer", member);
            request.Headers.Add("traceparent", $"00-{accept}-{ActivitySpanId.CreateRandom()}-01");
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }

        await AssertOneTraceAsync(rename, "ndv.member-changed", "PhoneOverflow");
        await AssertOneTraceAsync(accept, "ndv.offer-accepted", "ComplaintPilot");
        Assert.False(suite.Process.HasExited);
    }

    private static async Task SetNetworksAsync(HttpClient http, string token, string memberId, string[] networks)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/v1/ndv/members/{memberId}?updateMask=networks") { Content = JsonContent.Create(new { networks }) };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The trace holds the gateway's request, the service's, the relay's publish and the subscriber's delivery.</summary>
    private static async Task AssertOneTraceAsync(ActivityTraceId traceId, string topic, string subscriber)
    {
        using var dashboard = new HttpClient { BaseAddress = Dashboard };
        var spans = new List<(string Service, string Name, int Kind)>();
        bool Has(string service, Func<string, bool> name) => spans.Any(s => s.Service == service && name(s.Name));
        await Eventually.UntilAsync(
            async () =>
            {
                using var response = await dashboard.GetAsync(new Uri($"/api/telemetry/traces/{traceId}", UriKind.Relative));
                spans = response.IsSuccessStatusCode ? Spans(await response.Content.ReadFromJsonAsync<JsonElement>()) : [];
                return Has("Gateway", n => n.StartsWith("POST", StringComparison.Ordinal) || n.StartsWith("PATCH", StringComparison.Ordinal))
                    && Has("NdvMatching", n => n.StartsWith("POST /v1/ndv", StringComparison.Ordinal) || n.StartsWith("PATCH /v1/ndv", StringComparison.Ordinal))
                    && Has("NdvMatching", n => n == $"{topic} publish")
                    && Has(subscriber, n => n == $"POST /events/{topic}");
            },
            TimeSpan.FromSeconds(30),
            () => $"trace {traceId} spans gateway, NDV service, relay and {subscriber}; it has: {string.Join("; ", spans.Select(s => $"{s.Service}: {s.Name}"))}",
            TimeSpan.FromMilliseconds(500));
    }

    private static List<(string Service, string Name, int Kind)> Spans(JsonElement trace) =>
        trace.GetProperty("data").GetProperty("resourceSpans").EnumerateArray().SelectMany(resource =>
        {
            var service = resource.GetProperty("resource").GetProperty("attributes").EnumerateArray()
                .First(a => a.GetProperty("key").GetString() == "service.name").GetProperty("value").GetProperty("stringValue").GetString()!;
            return resource.GetProperty("scopeSpans").EnumerateArray().SelectMany(scope => scope.GetProperty("spans").EnumerateArray())
                .Select(span => (service, span.GetProperty("name").GetString()!, span.GetProperty("kind").GetInt32()));
        }).ToList();
}
