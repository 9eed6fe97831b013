using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Pvi.AppHost;

// Development unless the caller says otherwise (ASPNETCORE_ENVIRONMENT or DOTNET_ENVIRONMENT):
// the environment is the suite's, and every service runs in it.
var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Development";
var builder = DistributedApplication.CreateBuilder([.. args, "--environment", environment]);

var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
var topology = Topology.Load(Path.Combine(root, "tye.yaml"));
var dataFolder = builder.Configuration["DataFolder"] ?? Path.Combine(root, "data");

// The services' event endpoints accept deliveries only with this token (Dapr's APP_API_TOKEN role); new every run.
var eventsToken = NewSecret();

// The projects the app host builds, launched without a build of their own; tye.yaml names each of
// them once (checked here and by a test).
SuiteProject[] projects =
[
    SuiteProject.Of<Projects.Identity>(), SuiteProject.Of<Projects.NdvMatching>(), SuiteProject.Of<Projects.PhoneOverflow>(),
    SuiteProject.Of<Projects.ComplaintPilot>(), SuiteProject.Of<Projects.SocialAgenda>(), SuiteProject.Of<Projects.Gateway>(),
    SuiteProject.Of<Projects.WebConsole>(),
];

// Sign-in: a provider or signing key of one's own given to the app host holds for every process
// (for a run in Production); otherwise the suite's own provider, started first, signs people in
// and gives each service its own token by client credentials (a new secret per service every run).
var ownSignIn = builder.Configuration.GetSection("Authentication").AsEnumerable().Where(s => s.Value is not null).ToList();
var withOwnSignIn = ownSignIn.Any(s => s.Key is "Authentication:Jwt:Authority" or "Authentication:Jwt:SigningKey");
if (!withOwnSignIn && !builder.Environment.IsDevelopment())
{
    throw new InvalidOperationException(
        "Outside Development give the suite an identity provider of your own (Authentication__Jwt__Authority, with a client secret " +
        "per service) or a signing key (Authentication__Jwt__SigningKey): the suite's own provider signs people in in Development only.");
}

var provider = topology.Services.Single(s => s.Name == Topology.IdentityProvider);
var providerUrl = $"http://localhost:{provider.Binding("http").Port}";
var clientSecrets = topology.Services.Where(s => s.Project.StartsWith("services/", StringComparison.Ordinal) && s.Bindings.Any(b => b.Name == "grpc") && s.Name != "gateway")
    .ToDictionary(s => s.Name, _ => NewSecret());
// The web console signs people in at the provider as a confidential client of its own.
var consoleSecret = NewSecret();
var consoleSettings = builder.Configuration.GetSection("Console").AsEnumerable().Where(s => s.Value is not null).ToList();
IResourceBuilder<ProjectResource>? identity = null;

foreach (var service in topology.Services)
{
    if (service == provider && withOwnSignIn)
    {
        continue;
    }

    var http = service.Binding("http");
    var httpUrl = $"http://localhost:{http.Port}";
    var project = topology.ProjectOf(service, root, projects).Add(builder, service.Name)
        .WithHttpEndpoint(port: http.Port, name: "http", isProxied: false)
        .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
        .WithEnvironment("Endpoints__Http", httpUrl)
        .WithEnvironment("Database__DataFolder", dataFolder)
        .WithHttpHealthCheck("/health/ready", endpointName: "http");
    if (service.Bindings.SingleOrDefault(b => b.Name == "grpc") is { } grpc)
    {
        var grpcUrl = $"http://localhost:{grpc.Port}";
        project.WithHttpEndpoint(port: grpc.Port, name: "grpc", isProxied: false)
            .WithEnvironment("Endpoints__Grpc", grpcUrl)
            .WithEnvironment("Events__AppApiToken", eventsToken);
    }

    if (service == provider)
    {
        foreach (var (client, secret) in clientSecrets)
        {
            project.WithEnvironment($"Identity__Clients__{client}__Secret", secret);
        }

        project.WithEnvironment($"Identity__Clients__{WebConsoleClient}__Secret", consoleSecret);
        identity = project;
    }
    else if (service.Name == WebConsole)
    {
        // Its own provider's settings when given (Console__Authority, Console__ClientSecret), else the suite's.
        if (!withOwnSignIn)
        {
            project.WithEnvironment("Console__Authority", providerUrl).WithEnvironment("Console__ClientSecret", consoleSecret)
                .WaitForStart(identity ?? throw new InvalidOperationException($"tye.yaml must name '{Topology.IdentityProvider}' first."));
        }

        foreach (var (key, value) in consoleSettings)
        {
            project.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
        }
    }
    else if (withOwnSignIn)
    {
        foreach (var (key, value) in ownSignIn)
        {
            project.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
        }
    }
    else
    {
        project.WithEnvironment("Authentication__Jwt__Authority", providerUrl);
        if (clientSecrets.TryGetValue(service.Name, out var secret))
        {
            project.WithEnvironment("Authentication__ServiceClient__ClientSecret", secret);
        }

        // The provider first; each service says it is ready once it has fetched the provider's keys.
        project.WaitForStart(identity ?? throw new InvalidOperationException($"tye.yaml must name '{Topology.IdentityProvider}' first."));
    }

    foreach (var variable in service.Env)
    {
        project.WithEnvironment(variable.Name, variable.Value);
    }
}

builder.Build().Run();

static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

internal static partial class Program
{
    private const string WebConsole = "web-console";
    private const string WebConsoleClient = "pvi-console";
}
