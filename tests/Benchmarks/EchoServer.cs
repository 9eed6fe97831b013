using Microsoft.Extensions.Hosting;
using Pvi.TestSupport;

namespace Pvi.Benchmarks;

/// <summary>
/// The bare echo service on the suite's stack (service defaults: Kestrel's two endpoints,
/// authentication, validation, error model, telemetry) as a process of its own: this program with
/// the argument echo-server, on the ports of Endpoints__Http and Endpoints__Grpc.
/// </summary>
public static class EchoServer
{
    public static ServiceProcess Start(int httpPort, int grpcPort, IReadOnlyDictionary<string, string> environment) =>
        ServiceProcess.StartDotnet(
            $"\"{Repository.ProjectAssembly("tests", "Benchmarks")}\" echo-server",
            Repository.PathOf("tests", "Benchmarks"),
            new Dictionary<string, string>(ProductionSettings.With(environment))
            {
                ["Endpoints__Http"] = $"http://127.0.0.1:{httpPort}",
                ["Endpoints__Grpc"] = $"http://127.0.0.1:{grpcPort}",
            });

    /// <summary>Serves until Ctrl+C or SIGTERM.</summary>
    public static async Task RunAsync()
    {
        await using var host = await TestHost.StartEchoAsync(environment: Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production", settings: new Dictionary<string, string?>
        {
            ["Endpoints:Http"] = Environment.GetEnvironmentVariable("Endpoints__Http"),
            ["Endpoints:Grpc"] = Environment.GetEnvironmentVariable("Endpoints__Grpc"),
        });
        await host.App.WaitForShutdownAsync();
    }
}
