using Pvi.TestSupport;

namespace Pvi.Benchmarks;

/// <summary>
/// A built service and the built gateway as real processes on free ports, the gateway's cluster
/// pointed at the service and its rate limit out of the way, on a SQLite file of their own, both
/// in the Production environment.
/// </summary>
public sealed class ServiceBehindGateway : IAsyncDisposable
{
    private readonly DirectoryInfo _data;
    private readonly Func<ServiceProcess> _startService;
    private readonly Uri _serviceReady;
    private readonly GatewayProcess _gateway;
    private ServiceProcess _service;

    private ServiceBehindGateway(DirectoryInfo data, Func<ServiceProcess> startService, Uri serviceReady, ServiceProcess service, GatewayProcess gateway, Uri serviceGrpc)
    {
        _data = data;
        _startService = startService;
        _serviceReady = serviceReady;
        _service = service;
        _gateway = gateway;
        ServiceGrpc = serviceGrpc;
    }

    /// <summary>A setting's value that stands for the service's own HTTP address.</summary>
    public const string Self = "{self}";

    public Uri ServiceGrpc { get; }

    public Uri GatewayGrpc => _gateway.Grpc;

    public int ServiceProcessId => _service.Id;

    public int GatewayProcessId => _gateway.ProcessId;

    /// <param name="cluster">The gateway's cluster of the service (ndv, overflow, ...).</param>
    /// <param name="data">The folder of the service's SQLite file; a new one when not given.</param>
    public static Task<ServiceBehindGateway> StartAsync(string project, string cluster, IReadOnlyDictionary<string, string> settings, DirectoryInfo? data = null) =>
        StartAsync((http, grpc, environment) => ServiceProcess.StartService(project, http, grpc, environment), cluster, settings, new Dictionary<string, string>(), data);

    /// <param name="start">Starts the service on its HTTP and gRPC ports with the environment given.</param>
    /// <param name="gatewaySettings">More settings of the gateway (routes of a cluster it does not know).</param>
    public static async Task<ServiceBehindGateway> StartAsync(
        Func<int, int, IReadOnlyDictionary<string, string>, ServiceProcess> start, string cluster, IReadOnlyDictionary<string, string> settings,
        IReadOnlyDictionary<string, string> gatewaySettings, DirectoryInfo? data = null)
    {
        data ??= Directory.CreateTempSubdirectory($"pvi-bench-{cluster}-");
        var (serviceHttp, serviceGrpc) = (FreePort.Next(), FreePort.Next());
        var environment = new Dictionary<string, string>(ProductionSettings.With(settings.ToDictionary(s => s.Key, s => s.Value == Self ? $"http://127.0.0.1:{serviceHttp}" : s.Value)))
        {
            ["Database__DataFolder"] = data.FullName,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var startService = () => start(serviceHttp, serviceGrpc, environment);
        var ready = new Uri($"http://127.0.0.1:{serviceHttp}/health/ready");
        var service = startService();
        await service.WaitUntilOkAsync(ready, TimeSpan.FromSeconds(60));
        var grpc = new Uri($"http://127.0.0.1:{serviceGrpc}");
        var gateway = await GatewayProcess.StartAsync(cluster, grpc, new Dictionary<string, string>(ProductionSettings.With(gatewaySettings))
        {
            ["Gateway__RateLimit__TokenLimit"] = "1000000",
            ["Gateway__RateLimit__TokensPerPeriod"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        return new ServiceBehindGateway(data, startService, ready, service, gateway, grpc);
    }

    /// <summary>
    /// Stops the service and starts it again on the same ports and database, as a deployment or a
    /// supervisor does: the schema is in place and the seeds are loaded, so nothing is migrated.
    /// The gateway keeps running and connects again on its next call.
    /// </summary>
    public async Task RestartServiceAsync()
    {
        await _service.DisposeAsync();
        _service = _startService();
        await _service.WaitUntilOkAsync(_serviceReady, TimeSpan.FromSeconds(60));
    }

    /// <summary>A closed loop (<see cref="Load.ClosedLoopAsync"/>) and the CPU time the service and the gateway spent meanwhile.</summary>
    public Task<(LoadResult Result, TimeSpan ServiceCpu, TimeSpan GatewayCpu)> ClosedLoopAsync(int inFlight, TimeSpan duration, Func<Task> call) =>
        MeasuredAsync(() => Load.ClosedLoopAsync(inFlight, duration, (_, _) => call()));

    /// <summary>A load run and the CPU time the service and the gateway spent meanwhile.</summary>
    public async Task<(LoadResult Result, TimeSpan ServiceCpu, TimeSpan GatewayCpu)> MeasuredAsync(Func<Task<LoadResult>> load)
    {
        var (service, gateway) = (Machine.CpuTime(ServiceProcessId), Machine.CpuTime(GatewayProcessId));
        var result = await load();
        return (result, Machine.CpuTime(ServiceProcessId) - service, Machine.CpuTime(GatewayProcessId) - gateway);
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _service.DisposeAsync();
        _data.Delete(recursive: true);
    }
}
