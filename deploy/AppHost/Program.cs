using Microsoft.Extensions.Configuration;
using Pvi.AppHost;

// Development unless the caller says otherwise (ASPNETCORE_ENVIRONMENT or DOTNET_ENVIRONMENT):
// the environment is the suite's, and every service runs in it.
var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Development";
var builder = DistributedApplication.CreateBuilder([.. args, "--environment", environment]);

var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
var topology = Topology.Load(Path.Combine(root, "tye.yaml"));
var dataFolder = builder.Configuration["DataFolder"] ?? Path.Combine(root, "data");

// The services' event endpoints accept deliveries only with this token (Dapr's APP_API_TOKEN role); new every run.
var eventsToken = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

// The projects the app host builds, launched without a build of their own; tye.yaml names each of
// them once (checked here and by a test).
SuiteProject[] projects =
[
    SuiteProject.Of<Projects.NdvMatching>(), SuiteProject.Of<Projects.PhoneOverflow>(), SuiteProject.Of<Projects.ComplaintPilot>(),
    SuiteProject.Of<Projects.SocialAgenda>(), SuiteProject.Of<Projects.Gateway>(),
];

foreach (var service in topology.Services)
{
    var http = service.Binding("http");
    var grpc = service.Binding("grpc");
    var suiteProject = topology.ProjectOf(service, root, projects);

    var httpUrl = $"http://localhost:{http.Port}";
    var grpcUrl = $"http://localhost:{grpc.Port}";
    var project = suiteProject.Add(builder, service.Name)
        .WithHttpEndpoint(port: http.Port, name: "http", isProxied: false)
        .WithHttpEndpoint(port: grpc.Port, name: "grpc", isProxied: false)
        .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
        .WithEnvironment("Endpoints__Http", httpUrl)
        .WithEnvironment("Endpoints__Grpc", grpcUrl)
        .WithEnvironment("Database__DataFolder", dataFolder)
        .WithEnvironment("Events__AppApiToken", eventsToken)
        .WithHttpHealthCheck("/health/ready", endpointName: "http");

    // Sign-in settings given to the app host (a signing key or identity provider of one's own, say
    // for a run in Production) hold for every process of the suite.
    foreach (var setting in builder.Configuration.GetSection("Authentication").AsEnumerable().Where(s => s.Value is not null))
    {
        project.WithEnvironment(setting.Key.Replace(":", "__", StringComparison.Ordinal), setting.Value);
    }

    foreach (var variable in service.Env)
    {
        project.WithEnvironment(variable.Name, variable.Value);
    }
}

builder.Build().Run();
