using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pvi.ServiceDefaults;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.TestSupport;

/// <summary>
/// A service host on the suite's defaults listening on real loopback sockets (HTTP/1.1 and
/// HTTP/2 cleartext, ephemeral ports), for tests that need real transport.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private TestHost(WebApplication app, Uri http, Uri grpc)
    {
        App = app;
        Http = http;
        Grpc = grpc;
    }

    public WebApplication App { get; }

    /// <summary>The HTTP/1.1 endpoint (REST, gRPC-Web).</summary>
    public Uri Http { get; }

    /// <summary>The HTTP/2 cleartext endpoint (gRPC).</summary>
    public Uri Grpc { get; }

    /// <summary>Starts the echo service, optionally with other services mapped beside or instead of it.</summary>
    public static Task<TestHost> StartEchoAsync(
        Action<WebApplicationBuilder>? configure = null, Action<WebApplication>? map = null, string environment = "Development",
        IReadOnlyDictionary<string, string?>? settings = null) =>
        StartAsync(
            builder =>
            {
                builder.Services.AddSingleton<EchoCounters>();
                configure?.Invoke(builder);
            },
            app =>
            {
                if (map is null)
                {
                    app.MapGrpcService<EchoGrpcService>();
                }
                else
                {
                    map(app);
                }
            },
            environment,
            settings);

    /// <param name="settings">Configuration applied before the service defaults read it.</param>
    public static async Task<TestHost> StartAsync(
        Action<WebApplicationBuilder> configure, Action<WebApplication> map, string environment = "Development",
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ApplicationName = typeof(TestHost).Assembly.GetName().Name });
        builder.Configuration["Endpoints:Http"] = "http://127.0.0.1:0";
        builder.Configuration["Endpoints:Grpc"] = "http://127.0.0.1:0";
        foreach (var (key, value) in TestIdentity.With(settings ?? new Dictionary<string, string?>()))
        {
            builder.Configuration[key] = value;
        }

        builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning);
        builder.AddServiceDefaults();
        configure(builder);

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapDefaultEndpoints();
        map(app);
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(address => new Uri(address)).ToList();
        // Endpoints are bound in order: HTTP/1.1 first, then HTTP/2.
        return new TestHost(app, addresses[0], addresses[1]);
    }

    public GrpcChannel GrpcChannel(string? token = null) => Channels.Grpc(Grpc, token);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

public static class Channels
{
    /// <summary>A gRPC channel over HTTP/2 cleartext, with a bearer token on every call when given.</summary>
    /// <param name="multipleConnections">More than one connection when 100 calls are in flight on one (for load).</param>
    public static GrpcChannel Grpc(Uri address, string? token = null, bool multipleConnections = false) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = WithToken(new SocketsHttpHandler { EnableMultipleHttp2Connections = multipleConnections }, token) });

    /// <summary>A gRPC-Web channel over HTTP/1.1, the way a browser calls.</summary>
    public static GrpcChannel GrpcWeb(Uri address, string? token = null) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = WithToken(new global::Grpc.Net.Client.Web.GrpcWebHandler(global::Grpc.Net.Client.Web.GrpcWebMode.GrpcWeb, new SocketsHttpHandler()), token),
            HttpVersion = new Version(1, 1),
        });

    private static HttpMessageHandler WithToken(HttpMessageHandler inner, string? token) =>
        token is null ? inner : new BearerTokenHandler(token) { InnerHandler = inner };

    private sealed class BearerTokenHandler(string token) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
