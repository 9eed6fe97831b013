using System.Net.Http.Json;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Pvi.IntegrationEvents.Publishing;
using Pvi.Ndv.V1;
using Pvi.Overflow.V1;
using Pvi.TestSupport;

namespace Pvi.PhoneOverflow.Tests;

/// <summary>
/// The overflow service behind the real gateway process, over real sockets: the platform routes
/// through the gateway and the operators' streams (gRPC and gRPC-Web) receive the forwarded call;
/// the roster fills from a member event delivered the Dapr way.
/// </summary>
public sealed class ThroughTheGatewayTests : IAsyncLifetime
{
    private OverflowService _service = null!;
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        _service = await OverflowService.StartAsync(ServiceUnderTest<Program>.Sqlite, null);
        _gateway = await GatewayProcess.StartAsync("overflow", _service.Grpc);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _service.DisposeAsync();
    }

    [Fact]
    public async Task A_call_routed_through_the_gateway_reaches_the_operators_live_streams_over_gRPC_and_gRPC_Web()
    {
        await _service.Client(People.Coordinator).SetOperatorTrainingAsync(new SetOperatorTrainingRequest { OperatorId = "op-rt", Rsc = "RSC-RT", Name = "Operator", LgbtiqTrained = true });
        var operatorToken = TestTokens.For(People.Operator("op-rt", "RSC-RT"));
        using var grpcChannel = Channels.Grpc(_gateway.Grpc, operatorToken);
        using var webChannel = Channels.GrpcWeb(_gateway.Http, operatorToken);
        var viaGrpc = new PhoneOverflowService.PhoneOverflowServiceClient(grpcChannel);
        var viaWeb = new PhoneOverflowService.PhoneOverflowServiceClient(webChannel);
        await viaGrpc.SignInAsync(new SignInRequest());
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var grpcStream = viaGrpc.WatchForwardedCalls(new WatchForwardedCallsRequest { Rsc = "RSC-RT" }, cancellationToken: cancel.Token);
        using var webStream = viaWeb.WatchForwardedCalls(new WatchForwardedCallsRequest { Rsc = "RSC-RT" }, cancellationToken: cancel.Token);
        // The headers pass the gateway at once: both streams are live before the call comes.
        await grpcStream.ResponseHeadersAsync;
        await webStream.ResponseHeadersAsync;

        using var platform = new HttpClient { BaseAddress = _gateway.Http };
        platform.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For(People.Platform));
        using var routed = await platform.PostAsJsonAsync("/v1/overflow/calls", new { callId = "via-gateway-1", callerRegion = "RT", callerNumber = "+31101234567" }, cancel.Token);
        routed.EnsureSuccessStatusCode();
        var decision = await routed.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(cancel.Token);
        Assert.Equal("ROUTING_ACTION_RING", decision.GetProperty("action").GetString());

        Assert.True(await grpcStream.ResponseStream.MoveNext(cancel.Token));
        Assert.True(await webStream.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(("via-gateway-1", "op-rt"), (grpcStream.ResponseStream.Current.CallId, grpcStream.ResponseStream.Current.OperatorId));
        Assert.Equal(grpcStream.ResponseStream.Current, webStream.ResponseStream.Current);
    }

    [Fact]
    public async Task The_roster_fills_from_the_NDV_member_event_delivered_the_Dapr_way()
    {
        var changed = new MemberChanged { MemberId = "ndv-0042", Name = "Sam de Boer", HomeUnit = "RT", ConsentActive = true, ChangeTime = Timestamp.FromDateTimeOffset(_service.Time.GetUtcNow()) };
        changed.Networks.Add("roze-in-blauw");
        var cloudEvent = CloudEvents.Create(Guid.NewGuid(), "/pvi/ndv-matching", "ndv.member-changed", "pubsub", "ndv-0042", changed, DateTime.UtcNow, null);

        using var http = new HttpClient { BaseAddress = _service.Http };
        Assert.Contains("ndv.member-changed", await http.GetStringAsync("/dapr/subscribe"), StringComparison.Ordinal);
        using var delivered = await http.PostAsync("/events/ndv.member-changed", new StringContent(cloudEvent, Encoding.UTF8, CloudEvents.ContentType));
        delivered.EnsureSuccessStatusCode();

        var member = await _service.Client(People.Member("ndv-0042")).GoOnDutyAsync(new GoOnDutyRequest());
        Assert.True(member.OnDuty);
        var decision = await _service.Platform.RouteCallAsync(new RouteCallRequest { CallId = "to-member", CallerRegion = "AM" });
        Assert.Equal((TargetKind.Member, "ndv-0042"), (decision.TargetKind, decision.TargetId));
    }
}
