using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Pvi.TestSupport;

/// <summary>
/// A real process's Program (its appsettings, registrations and pipeline) hosted in the test on
/// real loopback sockets: HTTP/1.1 and HTTP/2 cleartext on ephemeral ports.
/// </summary>
public sealed class ProgramOnKestrel<TEntryPoint> : IAsyncDisposable where TEntryPoint : class
{
    private readonly WebApplicationFactory<TEntryPoint> _factory;

    private ProgramOnKestrel(WebApplicationFactory<TEntryPoint> factory, Uri http, Uri grpc)
    {
        _factory = factory;
        Http = http;
        Grpc = grpc;
    }

    /// <summary>The HTTP/1.1 endpoint (REST, gRPC-Web, health).</summary>
    public Uri Http { get; }

    /// <summary>The HTTP/2 cleartext endpoint (gRPC).</summary>
    public Uri Grpc { get; }

    public IServiceProvider Services => _factory.Services;

    /// <param name="settings">Configuration on top of the program's appsettings.json.</param>
    /// <param name="services">Replacements of the program's registrations (a fake clock, say).</param>
    /// <param name="trustTestIdentity">Give the program the test identity provider's settings unless it names its own (not for the provider itself).</param>
    public static ProgramOnKestrel<TEntryPoint> Start(
        IReadOnlyDictionary<string, string?> settings, string environment = "Development", Action<IServiceCollection>? services = null, bool trustTestIdentity = true)
    {
        var factory = new WebApplicationFactory<TEntryPoint>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("Endpoints:Http", "http://127.0.0.1:0");
            builder.UseSetting("Endpoints:Grpc", "http://127.0.0.1:0");
            foreach (var (key, value) in DemoHistory.Off(trustTestIdentity ? TestIdentity.With(settings) : settings))
            {
                builder.UseSetting(key, value);
            }

            if (services is not null)
            {
                builder.ConfigureTestServices(services);
            }
        });
        factory.UseKestrel();
        factory.StartServer();

        // Endpoints are bound in order: HTTP/1.1 first, then HTTP/2.
        var addresses = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(address => new Uri(address)).ToList();
        return new ProgramOnKestrel<TEntryPoint>(factory, addresses[0], addresses[1]);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

}
