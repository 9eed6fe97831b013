using System.Text.Json;
using Pvi.TestSupport;

namespace Pvi.Deploy.Tests;

/// <summary>tye.yaml, the Aspire app host and each service's own settings describe one topology.</summary>
public sealed class TopologyTests
{
    [Fact]
    public void App_host_builds_exactly_the_projects_of_tye_yaml()
    {
        var appHost = Manifests.Project(Repository.PathOf("deploy", "AppHost", "AppHost.csproj"));
        var referenced = appHost.Descendants("ProjectReference")
            .Select(r => Path.GetFullPath(Path.Combine(Repository.PathOf("deploy", "AppHost"), r.Attribute("Include")!.Value)))
            .Order();
        var topology = Manifests.TyeServices().Select(s => Path.GetFullPath(Repository.PathOf(s.Project))).Order();

        Assert.Equal(topology, referenced);
    }

    [Fact]
    public void App_host_reads_its_topology_from_tye_yaml_and_launches_each_of_its_projects_as_built()
    {
        var program = File.ReadAllText(Repository.PathOf("deploy", "AppHost", "Program.cs"));

        Assert.Contains("Topology.Load(", program, StringComparison.Ordinal);
        Assert.Contains("\"tye.yaml\"", program, StringComparison.Ordinal);
        // Aspire's generated project metadata: built with the app host, started without a build of their own.
        var launched = System.Text.RegularExpressions.Regex.Matches(program, @"SuiteProject\.Of<Projects\.(\w+)>\(\)").Select(m => m.Groups[1].Value).Order();
        Assert.Equal(Manifests.TyeServices().Select(s => Path.GetFileNameWithoutExtension(s.Project)).Order(), launched);
        Assert.DoesNotContain("IsAspireProjectResource=\"false\"", File.ReadAllText(Repository.PathOf("deploy", "AppHost", "AppHost.csproj")), StringComparison.Ordinal);
    }

    [Fact]
    public void App_host_leaves_the_environment_to_the_caller()
    {
        // ASPNETCORE_ENVIRONMENT=Production dotnet run --project deploy/AppHost runs every process in Production.
        using var launch = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("deploy", "AppHost", "Properties", "launchSettings.json")));
        foreach (var profile in launch.RootElement.GetProperty("profiles").EnumerateObject())
        {
            var variables = profile.Value.TryGetProperty("environmentVariables", out var set) ? set.EnumerateObject().Select(v => v.Name).ToList() : [];
            Assert.DoesNotContain("ASPNETCORE_ENVIRONMENT", variables);
            Assert.DoesNotContain("DOTNET_ENVIRONMENT", variables);
        }
    }

    [Fact]
    public void Every_service_listens_where_tye_yaml_says_with_both_bindings_and_distinct_ports()
    {
        var services = Manifests.TyeServices();
        var ports = services.SelectMany(s => s.Ports.Values).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        foreach (var (name, project, bindings) in services)
        {
            Assert.True(File.Exists(Repository.PathOf(project)), $"{name}: {project} exists");
            var endpoints = Manifests.AppSettings(Path.GetDirectoryName(Repository.PathOf(project))!).GetProperty("Endpoints");
            Assert.Equal($"http://localhost:{bindings["http"]}", endpoints.GetProperty("Http").GetString());
            if (name is Manifests.IdentityProvider or Manifests.WebConsole)
            {
                // The provider and the console serve browsers (and discovery) over HTTP/1.1 only.
                Assert.Equal(["http"], bindings.Keys);
                continue;
            }

            Assert.Equal(["grpc", "http"], bindings.Keys.Order());
            Assert.Equal($"http://localhost:{bindings["grpc"]}", endpoints.GetProperty("Grpc").GetString());
        }
    }

    [Fact]
    public void Every_domain_service_publishes_under_its_topology_name_and_knows_every_subscriber_by_its_http_binding()
    {
        var services = Manifests.DomainServices();
        var expected = services.ToDictionary(s => s.Name, s => $"http://localhost:{s.Ports["http"]}");
        foreach (var (name, project, _) in services)
        {
            var events = Manifests.AppSettings(Path.GetDirectoryName(Repository.PathOf(project))!).GetProperty("Events");
            var subscribers = events.GetProperty("Subscribers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

            Assert.Equal(name, events.GetProperty("AppId").GetString());
            Assert.Equal(expected.OrderBy(e => e.Key), subscribers.OrderBy(e => e.Key));
        }
    }

    [Fact]
    public void Gateway_clusters_point_at_the_grpc_binding_of_a_service_of_the_topology()
    {
        var grpcPorts = Manifests.DomainServices().Select(s => s.Ports["grpc"]).Order();
        var proxy = Manifests.AppSettings(Repository.PathOf("services", "Gateway")).GetProperty("ReverseProxy");
        var clusterPorts = proxy.GetProperty("Clusters").EnumerateObject()
            .Select(c => new Uri(c.Value.GetProperty("Destinations").GetProperty("local").GetProperty("Address").GetString()!).Port)
            .Order();

        Assert.Equal(grpcPorts, clusterPorts);
        foreach (var cluster in proxy.GetProperty("Clusters").EnumerateObject())
        {
            Assert.Equal("2", cluster.Value.GetProperty("HttpRequest").GetProperty("Version").GetString());
            Assert.Equal("RequestVersionExact", cluster.Value.GetProperty("HttpRequest").GetProperty("VersionPolicy").GetString());
        }
    }

    [Fact]
    public void Every_gateway_route_requires_a_defined_role_policy()
    {
        var settings = Manifests.AppSettings(Repository.PathOf("services", "Gateway"));
        var policies = Pvi.ServiceDefaults.Authentication.ServiceRoles.ByRoute.Keys.Select(name => "route:" + name).ToHashSet();
        Assert.False(settings.GetProperty("Gateway").TryGetProperty("RoutePolicies", out _), "the domain services' route policies come from ServiceRoles only");
        var routes = settings.GetProperty("ReverseProxy").GetProperty("Routes").EnumerateObject().ToList();

        Assert.NotEmpty(routes);
        foreach (var route in routes)
        {
            Assert.True(route.Value.TryGetProperty("AuthorizationPolicy", out var policy), $"{route.Name} has a policy");
            Assert.Contains(policy.GetString()!, policies);
        }
    }

    [Fact]
    public void Every_proto_package_of_a_service_is_routed_by_the_gateway_for_grpc_and_REST()
    {
        var routes = Manifests.AppSettings(Repository.PathOf("services", "Gateway")).GetProperty("ReverseProxy").GetProperty("Routes")
            .EnumerateObject().Select(r => r.Value.GetProperty("Match").GetProperty("Path").GetString()!).ToList();
        var packages = Directory.EnumerateDirectories(Repository.PathOf("protos", "pvi"))
            .Select(Path.GetFileName)
            .Where(name => name != "echo");

        foreach (var package in packages)
        {
            Assert.Contains($"/pvi.{package}.v1.{{service}}/{{method}}", routes);
        }

        Assert.All(routes.Where(r => !r.StartsWith("/pvi.", StringComparison.Ordinal)), r => Assert.StartsWith("/v1/", r, StringComparison.Ordinal));
    }
}
