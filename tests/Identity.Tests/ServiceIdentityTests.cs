using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Pvi.Echo.V1;
using Pvi.ServiceDefaults.Authentication;
using Pvi.TestSupport;

namespace Pvi.Identity.Tests;

/// <summary>
/// A service's own identity (ServiceIdentity): its token by client credentials from the provider,
/// reused while it is good, and a new one fetched a minute before it expires by the injected clock.
/// The complaint pilot's NDV representative flow runs with it in tests/ComplaintPilot.Tests.
/// </summary>
public sealed class ServiceIdentityTests
{
    [Fact]
    public async Task A_service_gets_its_token_by_client_credentials_reuses_it_and_renews_it_before_it_expires()
    {
        await using var provider = await ProviderUnderTest.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var tokenRequests = new RequestCounter();
        await using var service = await TestHost.StartEchoAsync(
            configure: builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(clock);
                builder.Services.AddHttpClient(nameof(ServiceIdentity)).AddHttpMessageHandler(() => new CountingHandler(tokenRequests));
            },
            settings: new Dictionary<string, string?>
            {
                ["Authentication:Jwt:Authority"] = provider.Authority.ToString(),
                ["Events:AppId"] = "complaint-pilot",
                ["Authentication:ServiceClient:ClientSecret"] = ProviderUnderTest.ServiceSecret,
            });
        var identity = service.App.Services.GetRequiredService<ServiceIdentity>();

        var first = await identity.TokenAsync(CancellationToken.None);
        var claims = new JsonWebToken(first);
        Assert.Equal("complaint-pilot", claims.Subject);
        Assert.Equal(Roles.Service, claims.GetClaim("role").Value);
        Assert.Equal(provider.Authority.ToString(), claims.Issuer);
        // The suite's services accept it: checked through the provider's key set like every token.
        var echoed = await new EchoService.EchoServiceClient(service.GrpcChannel(first)).EchoAsync(new EchoRequest { Message = "own" });
        Assert.Equal("complaint-pilot", echoed.Caller);

        // Reused while good: 15 minutes of lifetime, renewed one minute before the end.
        clock.Advance(TimeSpan.FromMinutes(13));
        Assert.Equal(first, await identity.TokenAsync(CancellationToken.None));
        Assert.Equal(1, tokenRequests.Count("/connect/token"));

        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var renewed = await identity.TokenAsync(CancellationToken.None);
        Assert.NotEqual(first, renewed);
        Assert.Equal(2, tokenRequests.Count("/connect/token"));
        Assert.Equal(1, tokenRequests.Count("/.well-known/openid-configuration"));
    }

    private sealed class RequestCounter
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _paths = new(StringComparer.Ordinal);

        public void Add(string path) => _paths.AddOrUpdate(path, 1, (_, count) => count + 1);

        public int Count(string path) => _paths.GetValueOrDefault(path);
    }

    private sealed class CountingHandler(RequestCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Add(request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
