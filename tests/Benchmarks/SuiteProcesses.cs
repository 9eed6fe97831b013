using System.Diagnostics;
using Pvi.TestSupport;

namespace Pvi.Benchmarks;

/// <summary>
/// The whole suite as real processes on free ports, wired as the app host wires it (events to
/// each other's endpoints, the complaint pilot's NDV client, the gateway's four clusters), on
/// SQLite files of its own, in the Production environment, with the gateway's rate limit out of
/// the way of the load.
/// </summary>
public sealed class SuiteProcesses : IAsyncDisposable
{
    private static readonly (string Project, string AppId, string Cluster, string Database)[] Services =
    [
        ("NdvMatching", "ndv-matching", "ndv", "ndv"),
        ("PhoneOverflow", "phone-overflow", "overflow", "overflow"),
        ("ComplaintPilot", "complaint-pilot", "complaints", "complaints"),
        ("SocialAgenda", "social-agenda", "survey", "survey"),
    ];

    private readonly DirectoryInfo _data;
    private readonly List<ServiceProcess> _processes;

    private SuiteProcesses(DirectoryInfo data, List<ServiceProcess> processes, Dictionary<string, Uri> grpc, Uri gatewayGrpc, Uri gatewayHttp, TimeSpan startUp)
    {
        _data = data;
        _processes = processes;
        ServiceGrpc = grpc;
        GatewayGrpc = gatewayGrpc;
        GatewayHttp = gatewayHttp;
        StartUp = startUp;
    }

    /// <summary>Each service's gRPC address by its gateway cluster (ndv, overflow, complaints, survey).</summary>
    public IReadOnlyDictionary<string, Uri> ServiceGrpc { get; }

    public Uri GatewayGrpc { get; }

    public Uri GatewayHttp { get; }

    /// <summary>From starting the five processes to all of them ready.</summary>
    public TimeSpan StartUp { get; }

    /// <summary>Process ids by name (the four services and the gateway).</summary>
    public IReadOnlyDictionary<string, int> ProcessIds =>
        Services.Select(s => s.Project).Append("Gateway").Zip(_processes, (name, process) => (name, process.Id)).ToDictionary(p => p.name, p => p.Id);

    public static async Task<SuiteProcesses> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var data = Directory.CreateTempSubdirectory("pvi-bench-suite-");
        var ports = Services.ToDictionary(s => s.Project, _ => (Http: FreePort.Next(), Grpc: FreePort.Next()));
        var (gatewayHttp, gatewayGrpc) = (FreePort.Next(), FreePort.Next());
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var common = new Dictionary<string, string>(ProductionSettings.With(settings ?? new Dictionary<string, string>()))
        {
            ["Database__DataFolder"] = data.FullName,
            ["Events__AppApiToken"] = token,
            ["Services__ndv__Grpc"] = $"http://127.0.0.1:{ports["NdvMatching"].Grpc}",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var service in Services)
        {
            common[$"Events__Subscribers__{service.AppId}"] = $"http://127.0.0.1:{ports[service.Project].Http}";
        }

        var gateway = new Dictionary<string, string>(common)
        {
            ["Gateway__RateLimit__TokenLimit"] = "1000000",
            ["Gateway__RateLimit__TokensPerPeriod"] = "1000000",
        };
        foreach (var service in Services)
        {
            gateway[$"ReverseProxy__Clusters__{service.Cluster}__Destinations__local__Address"] = $"http://127.0.0.1:{ports[service.Project].Grpc}";
        }

        var stopwatch = Stopwatch.StartNew();
        var processes = Services.Select(s => ServiceProcess.StartService(s.Project, ports[s.Project].Http, ports[s.Project].Grpc, common))
            .Append(ServiceProcess.StartService("Gateway", gatewayHttp, gatewayGrpc, gateway))
            .ToList();
        var ready = Services.Select(s => ports[s.Project].Http).Append(gatewayHttp).Select(port => new Uri($"http://127.0.0.1:{port}/health/ready")).ToList();
        await Task.WhenAll(processes.Zip(ready, (process, url) => process.WaitUntilOkAsync(url, TimeSpan.FromSeconds(120))));
        var startUp = stopwatch.Elapsed;
        return new SuiteProcesses(
            data, processes, Services.ToDictionary(s => s.Cluster, s => new Uri($"http://127.0.0.1:{ports[s.Project].Grpc}")),
            new Uri($"http://127.0.0.1:{gatewayGrpc}"), new Uri($"http://127.0.0.1:{gatewayHttp}"), startUp);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes.AsEnumerable().Reverse())
        {
            await process.DisposeAsync();
        }

        _data.Delete(recursive: true);
    }
}
