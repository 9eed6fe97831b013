using Pvi.TestSupport;

namespace Pvi.Benchmarks;

/// <summary>
/// A built service and the built gateway as real processes on free ports, the gateway's cluster
/// pointed at the service and its rate limit out of the way, on a SQLite file of their own.
/// </summary>
public sealed class ServiceBehindGateway : IAsyncDisposable
{
    private readonly DirectoryInfo _data;
    private readonly ServiceProcess _service;
    private readonly ServiceProcess _gateway;

    private ServiceBehindGateway(DirectoryInfo data, ServiceProcess service, ServiceProcess gateway, Uri serviceGrpc, Uri gatewayGrpc)
    {
        _data = data;
        _service = service;
        _gateway = gateway;
        ServiceGrpc = serviceGrpc;
        GatewayGrpc = gatewayGrpc;
    }

    public Uri ServiceGrpc { get; }

    public Uri GatewayGrpc { get; }

    /// <param name="cluster">The gateway's cluster of the service (ndv, overflow, ...).</param>
    /// <param name="data">The folder of the service's SQLite file; a new one when not given.</param>
    public static async Task<ServiceBehindGateway> StartAsync(string project, string cluster, IReadOnlyDictionary<string, string> settings, DirectoryInfo? data = null)
    {
        data ??= Directory.CreateTempSubdirectory($"pvi-bench-{cluster}-");
        var (serviceHttp, serviceGrpc, gatewayHttp, gatewayGrpc) = (FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());
        var environment = new Dictionary<string, string>(settings)
        {
            ["Database__DataFolder"] = data.FullName,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var service = ServiceProcess.StartService(project, serviceHttp, serviceGrpc, environment);
        var gateway = ServiceProcess.StartService("Gateway", gatewayHttp, gatewayGrpc, new Dictionary<string, string>
        {
            [$"ReverseProxy__Clusters__{cluster}__Destinations__local__Address"] = $"http://127.0.0.1:{serviceGrpc}",
            ["Gateway__RateLimit__TokenLimit"] = "1000000",
            ["Gateway__RateLimit__TokensPerPeriod"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        await service.WaitUntilOkAsync(new Uri($"http://127.0.0.1:{serviceHttp}/health/ready"), TimeSpan.FromSeconds(60));
        await gateway.WaitUntilOkAsync(new Uri($"http://127.0.0.1:{gatewayHttp}/health/ready"), TimeSpan.FromSeconds(60));
        return new ServiceBehindGateway(data, service, gateway, new Uri($"http://127.0.0.1:{serviceGrpc}"), new Uri($"http://127.0.0.1:{gatewayGrpc}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _service.DisposeAsync();
        _data.Delete(recursive: true);
    }
}
