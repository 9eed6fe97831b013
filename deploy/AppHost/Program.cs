using Pvi.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
var topology = Topology.Load(Path.Combine(root, "tye.yaml"));
var dataFolder = builder.Configuration["DataFolder"] ?? Path.Combine(root, "data");

// The services' event endpoints accept deliveries only with this token (Dapr's APP_API_TOKEN role); new every run.
var eventsToken = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

foreach (var service in topology.Services)
{
    var http = service.Binding("http");
    var grpc = service.Binding("grpc");

    var httpUrl = $"http://localhost:{http.Port}";
    var grpcUrl = $"http://localhost:{grpc.Port}";
    var project = builder
        .AddProject(service.Name, Path.Combine(root, service.Project), options => options.ExcludeLaunchProfile = true)
        .WithHttpEndpoint(port: http.Port, name: "http", isProxied: false)
        .WithHttpEndpoint(port: grpc.Port, name: "grpc", isProxied: false)
        .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
        .WithEnvironment("Endpoints__Http", httpUrl)
        .WithEnvironment("Endpoints__Grpc", grpcUrl)
        .WithEnvironment("Database__DataFolder", dataFolder)
        .WithEnvironment("Events__AppApiToken", eventsToken)
        .WithHttpHealthCheck("/health/ready", endpointName: "http");

    foreach (var variable in service.Env)
    {
        project.WithEnvironment(variable.Name, variable.Value);
    }
}

builder.Build().Run();
