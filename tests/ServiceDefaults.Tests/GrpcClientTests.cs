using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pvi.Echo.V1;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceDefaults.Clients;
using Pvi.TestSupport;

namespace Pvi.ServiceDefaults.Tests;

/// <summary>ARCHITECTURE.md: calls between services carry a deadline and Polly resilience.</summary>
public sealed class GrpcClientTests
{
    private static readonly string Token = TestTokens.For(Roles.Service);

    [Fact]
    public async Task Idempotent_call_is_retried_on_UNAVAILABLE_until_it_succeeds()
    {
        var log = new CallLog { FailuresBeforeSuccess = 2, Failure = StatusCode.Unavailable };
        await using var server = await StartFlakyServerAsync(log);
        using var client = ClientFor(server);

        var reply = await client.Echo.EchoAsync(new EchoRequest { Message = "hello" });

        Assert.Equal("hello", reply.Message);
        Assert.Equal(3, log.Attempts("Echo"));
    }

    [Fact]
    public async Task Call_with_side_effects_is_never_retried()
    {
        var log = new CallLog { FailuresBeforeSuccess = 1, Failure = StatusCode.Unavailable };
        await using var server = await StartFlakyServerAsync(log);
        using var client = ClientFor(server);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Echo.CountAsync(new CountRequest { Counter = "c" }).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(1, log.Attempts("Count"));
    }

    [Theory]
    [InlineData(StatusCode.Internal)]
    [InlineData(StatusCode.InvalidArgument)]
    [InlineData(StatusCode.DeadlineExceeded)]
    public async Task Only_UNAVAILABLE_is_retried(StatusCode failure)
    {
        var log = new CallLog { FailuresBeforeSuccess = 1, Failure = failure };
        await using var server = await StartFlakyServerAsync(log);
        using var client = ClientFor(server);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Echo.EchoAsync(new EchoRequest { Message = "x" }).ResponseAsync);

        Assert.Equal(failure, error.StatusCode);
        Assert.Equal(1, log.Attempts("Echo"));
    }

    [Fact]
    public async Task Circuit_opens_after_repeated_failures_and_calls_fail_fast_without_reaching_the_peer()
    {
        var log = new CallLog { FailuresBeforeSuccess = int.MaxValue, Failure = StatusCode.Unavailable };
        await using var server = await StartFlakyServerAsync(log);
        using var client = ClientFor(server);

        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => client.Echo.CountAsync(new CountRequest { Counter = "c" }).ResponseAsync);
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Echo.CountAsync(new CountRequest { Counter = "c" }).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("not being called for now", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(4, log.Attempts("Count"));
    }

    [Fact]
    public async Task Call_without_a_deadline_gets_the_default_deadline()
    {
        var log = new CallLog();
        await using var server = await StartFlakyServerAsync(log);
        using var client = ClientFor(server);

        await client.Echo.EchoAsync(new EchoRequest { Message = "x" });

        var remaining = log.Deadlines.Single() - DateTime.UtcNow;
        Assert.InRange(remaining, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task Deadline_of_the_incoming_call_is_propagated_to_the_outgoing_call()
    {
        var log = new CallLog();
        await using var downstream = await StartFlakyServerAsync(log);
        await using var upstream = await TestHost.StartEchoAsync(
            builder =>
            {
                builder.Configuration["Services:downstream:Grpc"] = downstream.Grpc.ToString();
                builder.AddServiceGrpcClient<EchoService.EchoServiceClient>("downstream", EchoReflection.Descriptor.Services[0]);
            },
            app => app.MapGrpcService<RelayEchoService>());
        var caller = new EchoService.EchoServiceClient(upstream.GrpcChannel(Token));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        var reply = await caller.EchoAsync(new EchoRequest { Message = "relayed" }, deadline: deadline);

        Assert.Equal("relayed", reply.Message);
        Assert.InRange(log.Deadlines.Single(), deadline.AddSeconds(-1), deadline.AddSeconds(1));
    }

    private static Task<TestHost> StartFlakyServerAsync(CallLog log) =>
        TestHost.StartEchoAsync(builder => builder.Services.AddSingleton(log), app => app.MapGrpcService<FlakyEchoService>());

    private static ClientScope ClientFor(TestHost server)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Services:echo:Grpc"] = server.Grpc.ToString();
        builder.Configuration["Services:echo:DefaultDeadline"] = "00:00:07";
        builder.Configuration["Services:echo:RetryBaseDelay"] = "00:00:00.010";
        builder.Configuration["Services:echo:BreakerMinimumThroughput"] = "4";
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddServiceGrpcClient<EchoService.EchoServiceClient>("echo", EchoReflection.Descriptor.Services[0])
            .ConfigureHttpClient(http => http.DefaultRequestHeaders.Authorization = new("Bearer", Token));
        return new ClientScope(builder.Build());
    }

    private sealed class ClientScope(IHost host) : IDisposable
    {
        public EchoService.EchoServiceClient Echo { get; } = host.Services.GetRequiredService<EchoService.EchoServiceClient>();

        public void Dispose() => host.Dispose();
    }

    /// <summary>What the peer saw: attempts per method and the deadline of each call.</summary>
    private sealed class CallLog
    {
        private readonly ConcurrentDictionary<string, int> _attempts = new();

        public int FailuresBeforeSuccess { get; init; }

        public StatusCode Failure { get; init; } = StatusCode.Unavailable;

        public ConcurrentQueue<DateTime> Deadlines { get; } = new();

        public int Attempts(string method) => _attempts.GetValueOrDefault(method);

        public void Record(string method, ServerCallContext context)
        {
            Deadlines.Enqueue(context.Deadline);
            if (_attempts.AddOrUpdate(method, 1, (_, n) => n + 1) <= FailuresBeforeSuccess)
            {
                throw new RpcException(new Status(Failure, "failing on purpose"));
            }
        }
    }

    private sealed class FlakyEchoService(CallLog log) : EchoService.EchoServiceBase
    {
        public override Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context)
        {
            log.Record("Echo", context);
            return Task.FromResult(new EchoResponse { Message = request.Message });
        }

        public override Task<CountResponse> Count(CountRequest request, ServerCallContext context)
        {
            log.Record("Count", context);
            return Task.FromResult(new CountResponse { Value = 1 });
        }
    }

    private sealed class RelayEchoService(EchoService.EchoServiceClient downstream) : EchoService.EchoServiceBase
    {
        public override async Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context) =>
            await downstream.EchoAsync(request);
    }
}
