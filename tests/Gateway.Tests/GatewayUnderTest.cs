using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Pvi.TestSupport;

namespace Pvi.Gateway.Tests;

/// <summary>
/// The real gateway (its Program and appsettings.json) on real loopback sockets, with one more
/// route, to the echo service of <paramref name="backend"/>, allowed for the employee role.
/// </summary>
public sealed class GatewayUnderTest : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private GatewayUnderTest(WebApplicationFactory<Program> factory, Uri http, Uri grpc)
    {
        _factory = factory;
        Http = http;
        Grpc = grpc;
    }

    public Uri Http { get; }

    public Uri Grpc { get; }

    public static GatewayUnderTest Start(TestHost backend, string environment = "Development", IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Endpoints:Http"] = "http://127.0.0.1:0",
            ["Endpoints:Grpc"] = "http://127.0.0.1:0",
            ["Gateway:RoutePolicies:echo:0"] = "employee",
            ["ReverseProxy:Routes:echo-grpc:ClusterId"] = "echo",
            ["ReverseProxy:Routes:echo-grpc:AuthorizationPolicy"] = "route:echo",
            ["ReverseProxy:Routes:echo-grpc:Match:Path"] = "/pvi.echo.v1.{service}/{method}",
            ["ReverseProxy:Routes:echo-rest:ClusterId"] = "echo",
            ["ReverseProxy:Routes:echo-rest:AuthorizationPolicy"] = "route:echo",
            ["ReverseProxy:Routes:echo-rest:Match:Path"] = "/v1/echo/{**rest}",
            ["ReverseProxy:Clusters:echo:HttpRequest:Version"] = "2",
            ["ReverseProxy:Clusters:echo:HttpRequest:VersionPolicy"] = "RequestVersionExact",
            ["ReverseProxy:Clusters:echo:Destinations:local:Address"] = backend.Grpc.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            foreach (var (key, value) in all)
            {
                builder.UseSetting(key, value);
            }
        });
        factory.UseKestrel();
        factory.StartServer();

        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(address => new Uri(address)).ToList();
        return new GatewayUnderTest(factory, addresses[0], addresses[1]);
    }

    public HttpClient HttpClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Http };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
