namespace Pvi.TestSupport;

/// <summary>
/// The built gateway as a real process on free ports, one cluster pointed at a service's gRPC
/// address; ready when it returns.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly ServiceProcess _process;

    private GatewayProcess(ServiceProcess process, Uri http, Uri grpc)
    {
        _process = process;
        Http = http;
        Grpc = grpc;
    }

    public int ProcessId => _process.Id;

    /// <summary>The HTTP/1.1 endpoint: REST, gRPC-Web, health.</summary>
    public Uri Http { get; }

    /// <summary>The HTTP/2 endpoint: gRPC.</summary>
    public Uri Grpc { get; }

    /// <param name="cluster">The gateway's cluster of the service (ndv, overflow, ...).</param>
    /// <param name="settings">More settings of the gateway, as environment variables.</param>
    public static async Task<GatewayProcess> StartAsync(string cluster, Uri serviceGrpc, IReadOnlyDictionary<string, string>? settings = null)
    {
        var (http, grpc) = (FreePort.Next(), FreePort.Next());
        var environment = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            [$"ReverseProxy__Clusters__{cluster}__Destinations__local__Address"] = serviceGrpc.ToString(),
        };
        var process = ServiceProcess.StartService("Gateway", http, grpc, environment);
        var gateway = new GatewayProcess(process, new Uri($"http://127.0.0.1:{http}"), new Uri($"http://127.0.0.1:{grpc}"));
        await process.WaitUntilOkAsync(new Uri(gateway.Http, "/health/ready"), TimeSpan.FromSeconds(60));
        return gateway;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
