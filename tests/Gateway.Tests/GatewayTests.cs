using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Pvi.Echo.V1;
using Pvi.ServiceDefaults.Authentication;
using Pvi.TestSupport;

namespace Pvi.Gateway.Tests;

/// <summary>ARCHITECTURE.md "Shape": the gateway is the only door; it authenticates, authorizes per route, limits and proxies.</summary>
public sealed class GatewayTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string Employee = TestTokens.For(Roles.Employee, subject: "employee-1");
    private TestHost _backend = null!;

    public async Task InitializeAsync() => _backend = await TestHost.StartEchoAsync();

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task Proxies_unary_grpc_over_h2c_with_the_callers_token()
    {
        await using var gateway = GatewayUnderTest.Start(_backend);
        var client = new EchoService.EchoServiceClient(Channels.Grpc(gateway.Grpc, Employee));

        var reply = await client.EchoAsync(new EchoRequest { Message = "hallo" });

        Assert.Equal("hallo", reply.Message);
        Assert.Equal("employee-1", reply.Caller);
    }

    [Fact]
    public async Task A_stalled_service_gives_the_caller_DEADLINE_EXCEEDED_at_its_deadline_and_the_service_sees_the_cancellation()
    {
        await using var gateway = GatewayUnderTest.Start(_backend);
        var client = new EchoService.EchoServiceClient(Channels.Grpc(gateway.Grpc, Employee));
        var counters = _backend.App.Services.GetRequiredService<EchoCounters>();
        var deadline = TimeSpan.FromMilliseconds(300);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var error = await RpcAssert.FailsAsync(StatusCode.DeadlineExceeded, () => client.HoldAsync(new HoldRequest { Key = "stalled" }, deadline: DateTime.UtcNow + deadline).ResponseAsync);
        var waited = started.Elapsed;

        // The service behind the gateway learns of it too and stops working on the call.
        await Eventually.UntilAsync(() => counters.Value("cancelled:stalled") == 1, TimeSpan.FromSeconds(5), () => "the stalled handler saw its call cancelled");
        output.WriteLine($"deadline {deadline.TotalMilliseconds} ms, DEADLINE_EXCEEDED after {waited.TotalMilliseconds:F0} ms ({error.Status.Detail})");
        Assert.True(waited >= deadline);
    }

    [Fact]
    public async Task Proxies_server_streaming_grpc_over_h2c_in_order()
    {
        await using var gateway = GatewayUnderTest.Start(_backend);
        var client = new EchoService.EchoServiceClient(Channels.Grpc(gateway.Grpc, Employee));

        using var call = client.EchoStream(new EchoStreamRequest { Message = "x", Count = 25 });
        var sequence = new List<int>();
        await foreach (var item in call.ResponseStream.ReadAllAsync())
        {
            sequence.Add(item.Sequence);
        }

        Assert.Equal(Enumerable.Range(1, 25), sequence);
    }

    [Fact]
    public async Task Proxies_grpc_web_over_http1_unary_and_streaming()
    {
        await using var gateway = GatewayUnderTest.Start(_backend);
        var client = new EchoService.EchoServiceClient(Channels.GrpcWeb(gateway.Http, Employee));

        var reply = await client.EchoAsync(new EchoRequest { Message = "web" });
        using var call = client.EchoStream(new EchoStreamRequest { Message = "web", Count = 3 });
        var streamed = await call.ResponseStream.ReadAllAsync().CountAsync();

        Assert.Equal("web", reply.Message);
        Assert.Equal(3, streamed);
    }

    [Fact]
    public async Task Proxies_REST_through_json_transcoding()
    {
        await using var gateway = GatewayUnderTest.Start(_backend);
        using var http = gateway.HttpClient(Employee);

        using var response = await http.PostAsJsonAsync("/v1/echo", new { message = "rest" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("rest", body.RootElement.GetProperty("message").GetString());
        Assert.Equal("employee-1", body.RootElement.GetProperty("caller").GetString());
    }

    [Fact]
    public async Task A_stopped_service_gives_REST_callers_503_with_the_error_model_and_gRPC_callers_UNAVAILABLE()
    {
        // services/README.md, processes and conventions: an unavailable service answers UNAVAILABLE / 503, "try again".
        await using var gateway = GatewayUnderTest.Start(_backend, settings: new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:echo:Destinations:local:Address"] = $"http://127.0.0.1:{FreePort.Next()}",
        });
        using var http = gateway.HttpClient(Employee);

        using var rest = await http.PostAsJsonAsync("/v1/echo", new { message = "rest" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, rest.StatusCode);
        Assert.Equal("application/json", rest.Content.Headers.ContentType?.MediaType);
        using var status = JsonDocument.Parse(await rest.Content.ReadAsStringAsync());
        Assert.Equal((int)StatusCode.Unavailable, status.RootElement.GetProperty("code").GetInt32());
        Assert.Contains("Try again", status.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, status.RootElement.GetProperty("details").GetArrayLength());

        var grpc = await RpcAssert.FailsAsync(StatusCode.Unavailable, () => new EchoService.EchoServiceClient(Channels.Grpc(gateway.Grpc, Employee)).EchoAsync(new EchoRequest { Message = "grpc" }).ResponseAsync);
        Assert.Contains("Try again", grpc.Status.Detail, StringComparison.Ordinal);
        var web = await RpcAssert.FailsAsync(StatusCode.Unavailable, () => new EchoService.EchoServiceClient(Channels.GrpcWeb(gateway.Http, Employee)).EchoAsync(new EchoRequest { Message = "web" }).ResponseAsync);
        Assert.Contains("Try again", web.Status.Detail, StringComparison.Ordinal);

        // Still only for those the route allows: a caller without a token learns nothing of it.
        using var anonymous = await gateway.HttpClient().PostAsJsonAsync("/v1/echo", new { message = "rest" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_browser_front_end_of_an_allowed_origin_gets_its_preflight_answered_before_authentication()
    {
        const string Intranet = "https://intranet.politie.intranet";
        await using var gateway = GatewayUnderTest.Start(_backend, settings: new Dictionary<string, string?> { ["Gateway:AllowedOrigins:0"] = Intranet });
        using var anonymous = gateway.HttpClient();

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/pvi.echo.v1.EchoService/Echo");
        preflight.Headers.Add("Origin", Intranet);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-grpc-web,x-user-agent");
        using var answer = await anonymous.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal(Intranet, Assert.Single(answer.Headers.GetValues("Access-Control-Allow-Origin")));
        var allowed = string.Join(',', answer.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        foreach (var header in new[] { "authorization", "content-type", "x-grpc-web", "x-user-agent" })
        {
            Assert.Contains(header, allowed, StringComparison.Ordinal);
        }

        // The call itself still needs a token, and its gRPC-Web status is readable by the page.
        using var call = new HttpRequestMessage(HttpMethod.Post, "/v1/echo") { Content = JsonContent.Create(new { message = "web" }) };
        call.Headers.Add("Origin", Intranet);
        call.Headers.Authorization = new("Bearer", Employee);
        using var called = await anonymous.SendAsync(call);
        Assert.Equal(HttpStatusCode.OK, called.StatusCode);
        Assert.Equal(Intranet, Assert.Single(called.Headers.GetValues("Access-Control-Allow-Origin")));
        var exposed = string.Join(',', called.Headers.GetValues("Access-Control-Expose-Headers")).ToLowerInvariant();
        Assert.Contains("grpc-status", exposed, StringComparison.Ordinal);
        Assert.Contains("grpc-message", exposed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://intranet.politie.intranet")]
    public async Task A_browser_page_of_another_origin_gets_no_CORS_permission(string? allowed)
    {
        // None by default; with an intranet origin configured, any other origin still gets nothing.
        await using var gateway = GatewayUnderTest.Start(_backend, settings: allowed is null ? null : new Dictionary<string, string?> { ["Gateway:AllowedOrigins:0"] = allowed });
        using var anonymous = gateway.HttpClient();

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/echo");
        preflight.Headers.Add("Origin", "https://elsewhere.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var answer = await anonymous.SendAsync(preflight);

        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
        using var call = new HttpRequestMessage(HttpMethod.Post, "/v1/echo") { Content = JsonContent.Create(new { message = "web" }) };
        call.Headers.Add("Origin", "https://elsewhere.example");
        call.Headers.Authorization = new("Bearer", Employee);
        using var called = await anonymous.SendAsync(call);
        Assert.False(called.Headers.Contains("Access-Control-Allow-Origin"));
    }

    public static TheoryData<string?> BadTokens => new()
    {
        { (string?)null },
        { "not-a-token" },
        { TestTokens.Expired(Roles.Employee) },
        { TestTokens.SignedByStranger(Roles.Employee) },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Rejects_missing_invalid_expired_or_foreign_tokens_with_401(string? token)
    {
        await using var gateway = GatewayUnderTest.Start(_backend);
        using var http = gateway.HttpClient(token);
        var grpc = new EchoService.EchoServiceClient(Channels.Grpc(gateway.Grpc, token));

        using var response = await http.PostAsJsonAsync("/v1/echo", new { message = "x" });
        var error = await Assert.ThrowsAsync<RpcException>(() => grpc.EchoAsync(new EchoRequest { Message = "x" }).ResponseAsync);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task Rejects_a_role_the_route_does_not_allow_with_403()
    {
        await using var gateway = GatewayUnderTest.Start(_backend);
        var telephony = TestTokens.For(Roles.TelephonyPlatform);
        using var http = gateway.HttpClient(telephony);
        var grpc = new EchoService.EchoServiceClient(Channels.Grpc(gateway.Grpc, telephony));

        using var response = await http.PostAsJsonAsync("/v1/echo", new { message = "x" });
        var error = await Assert.ThrowsAsync<RpcException>(() => grpc.EchoAsync(new EchoRequest { Message = "x" }).ResponseAsync);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task Rejects_a_body_over_the_size_limit_with_413()
    {
        await using var gateway = GatewayUnderTest.Start(_backend);
        using var http = gateway.HttpClient(Employee);

        using var response = await http.PostAsJsonAsync("/v1/echo", new { message = new string('a', 1_100_000) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Refuses_grpc_messages_over_the_size_limit()
    {
        await using var gateway = GatewayUnderTest.Start(_backend);
        var grpc = new EchoService.EchoServiceClient(Channels.Grpc(gateway.Grpc, Employee));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            grpc.EchoAsync(new EchoRequest { Message = new string('a', 1_100_000) }).ResponseAsync);

        Assert.NotEqual(StatusCode.OK, error.StatusCode);
        Assert.NotEqual(StatusCode.Unknown, error.StatusCode);
    }

    [Fact]
    public async Task Limits_the_rate_per_user_with_429_and_Retry_After()
    {
        await using var gateway = GatewayUnderTest.Start(_backend, settings: new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:TokenLimit"] = "3",
            ["Gateway:RateLimit:TokensPerPeriod"] = "3",
            ["Gateway:RateLimit:ReplenishmentPeriod"] = "01:00:00",
        });
        using var busy = gateway.HttpClient(Employee);
        using var other = gateway.HttpClient(TestTokens.For(Roles.Employee, subject: "employee-2"));

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await busy.PostAsJsonAsync("/v1/echo", new { message = "x" });
            statuses.Add(response.StatusCode);
            rejected ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        using var otherResponse = await other.PostAsJsonAsync("/v1/echo", new { message = "x" });

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(rejected!.Headers.RetryAfter?.Delta);
        Assert.True(rejected.Headers.RetryAfter.Delta > TimeSpan.Zero);
        using var status = JsonDocument.Parse(await rejected.Content.ReadAsStringAsync());
        Assert.Equal((int)StatusCode.ResourceExhausted, status.RootElement.GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.OK, otherResponse.StatusCode);

        // A gRPC caller over the limit learns RESOURCE_EXHAUSTED, not a transport error.
        var grpc = await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, () => new EchoService.EchoServiceClient(Channels.Grpc(gateway.Grpc, Employee)).EchoAsync(new EchoRequest { Message = "x" }).ResponseAsync);
        Assert.Contains("try again", grpc.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_tokens_are_issued_in_Development_and_work_through_the_gateway()
    {
        await using var gateway = GatewayUnderTest.Start(_backend);
        using var anonymous = gateway.HttpClient();

        var users = await anonymous.GetFromJsonAsync<JsonElement>("/dev/users");
        using var tokenResponse = await anonymous.PostAsync("/dev/tokens/demo-employee", null);
        var token = await tokenResponse.Content.ReadAsStringAsync();
        using var http = gateway.HttpClient(token);
        using var response = await http.PostAsJsonAsync("/v1/echo", new { message = "x" });

        Assert.Contains(users.EnumerateArray(), user => user.GetProperty("id").GetString() == "demo-employee");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Every_role_has_a_demo_user_with_a_development_token()
    {
        await using var gateway = GatewayUnderTest.Start(_backend);
        using var anonymous = gateway.HttpClient();

        var users = await anonymous.GetFromJsonAsync<JsonElement>("/dev/users");
        var roles = users.EnumerateArray().SelectMany(u => u.GetProperty("roles").EnumerateArray().Select(r => r.GetString())).ToHashSet();

        Assert.All(Roles.All, role => Assert.Contains(role, roles));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Development_tokens_do_not_exist_outside_Development(string environment)
    {
        await using var gateway = GatewayUnderTest.Start(_backend, environment);
        using var anonymous = gateway.HttpClient();
        using var authenticated = gateway.HttpClient(Employee);

        using var anonymousToken = await anonymous.PostAsync("/dev/tokens/demo-employee", null);
        using var authenticatedToken = await authenticated.PostAsync("/dev/tokens/demo-employee", null);
        using var users = await authenticated.GetAsync("/dev/users");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymousToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, authenticatedToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, users.StatusCode);
    }

    [Theory]
    [InlineData("/dapr/subscribe")]
    [InlineData("/dapr/config")]
    [InlineData("/grpc.health.v1.Health/Check")]
    [InlineData("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo")]
    [InlineData("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo")]
    [InlineData("/pvi.echo.v1.EchoService")]
    public async Task Does_not_route_to_health_reflection_or_Dapr_endpoints_of_services(string path)
    {
        await using var gateway = GatewayUnderTest.Start(_backend);
        using var http = gateway.HttpClient(Employee);

        using var response = await http.PostAsync(path, new ByteArrayContent([]));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Trace_context_continues_from_the_caller_through_the_gateway_into_the_service()
    {
        await using var gateway = GatewayUnderTest.Start(_backend);
        using var http = gateway.HttpClient(Employee);
        // The caller is itself traced: its HttpClient sends its span as the parent.
        using var caller = new System.Diagnostics.Activity("intranet-front-end")
            .SetParentId(System.Diagnostics.ActivityTraceId.CreateRandom(), System.Diagnostics.ActivitySpanId.CreateRandom(),
                System.Diagnostics.ActivityTraceFlags.Recorded)
            .Start();
        var traceId = caller.TraceId.ToHexString();
        var callerSpan = caller.SpanId.ToHexString();

        using var response = await http.PostAsJsonAsync("/v1/echo", new { message = "t" });
        caller.Stop();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var received = body.RootElement.GetProperty("traceparent").GetString()!.Split('-');

        Assert.Equal(traceId, received[1]);
        // The service's parent is the gateway's own span, not the caller's.
        Assert.NotEqual(callerSpan, received[2]);
    }
}
