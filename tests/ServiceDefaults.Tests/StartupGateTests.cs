using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Pvi.Echo.V1;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceDefaults.Hosting;
using Pvi.TestSupport;

namespace Pvi.ServiceDefaults.Tests;

/// <summary>No caller sees a half-initialized service: calls wait behind UNAVAILABLE until start-up work is done.</summary>
public sealed class StartupGateTests
{
    [Fact]
    public async Task Calls_are_refused_with_UNAVAILABLE_until_every_startup_gate_is_open()
    {
        var gate = new ManualGate();
        await using var host = await TestHost.StartEchoAsync(builder => builder.Services.AddSingleton<IStartupGate>(gate));
        var client = new EchoService.EchoServiceClient(host.GrpcChannel(TestTokens.For(Roles.Employee)));

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.EchoAsync(new EchoRequest { Message = "early" }).ResponseAsync);
        gate.Open();
        var reply = await client.EchoAsync(new EchoRequest { Message = "later" });

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("starting", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("later", reply.Message);
    }

    private sealed class ManualGate : IStartupGate
    {
        private volatile bool _open;

        public string Name => "test";

        public bool IsOpen => _open;

        public void Open() => _open = true;
    }
}
