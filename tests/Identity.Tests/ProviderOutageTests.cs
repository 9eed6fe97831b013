using System.Net;
using Pvi.Echo.V1;
using Pvi.ServiceDefaults.Authentication;
using Pvi.TestSupport;

namespace Pvi.Identity.Tests;

/// <summary>
/// A service started while the identity provider is down starts all the same, says it is not
/// ready (it cannot check a token), and accepts tokens by itself once the provider is back.
/// </summary>
public sealed class ProviderOutageTests
{
    [Fact]
    public async Task A_service_started_while_the_provider_is_down_is_live_not_ready_and_accepts_tokens_once_it_is_back()
    {
        var port = FreePort.Next();
        await using var service = await TestHost.StartEchoAsync(settings: new Dictionary<string, string?>
        {
            ["Authentication:Jwt:Authority"] = $"http://127.0.0.1:{port}/",
            ["Authentication:Jwt:MetadataRetryInterval"] = "00:00:01",
        });
        using var http = new HttpClient { BaseAddress = service.Http };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

        await using var provider = await ProviderUnderTest.StartAsync(port: port);
        await Eventually.UntilAsync(
            async () => (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(30), () => "the service is ready once the provider answers");
        var token = provider.Tokens.For(new SuiteUser { Id = "back", Name = "Employee", Roles = [Roles.Employee], Unit = "AM" });
        var reply = await new EchoService.EchoServiceClient(service.GrpcChannel(token)).EchoAsync(new EchoRequest { Message = "back" });
        Assert.Equal("back", reply.Caller);
    }
}
