using System.Text.Json;
using Pvi.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Pvi.Deploy.Tests;

/// <summary>ARCHITECTURE.md "Two ways to run": deploy/ manifests and Dapr files agree with the services.</summary>
public sealed class DeploymentTests
{
    private static readonly string[] DomainApps = ["ndv-matching", "phone-overflow", "complaint-pilot", "social-agenda"];

    public static TheoryData<string> KubernetesFiles => new(Manifests.KubernetesFiles.Select(f => Path.GetRelativePath(Manifests.KubernetesFolder, f)));

    [Theory]
    [MemberData(nameof(KubernetesFiles))]
    public void Every_manifest_parses_and_every_object_has_kind_name_and_namespace(string file)
    {
        var documents = Manifests.Documents(Path.Combine(Manifests.KubernetesFolder, file));

        Assert.NotEmpty(documents);
        foreach (var document in documents.Where(d => d.Text("kind") != "Kustomization"))
        {
            Assert.False(string.IsNullOrEmpty(document.Text("apiVersion")), $"{file}: apiVersion");
            Assert.False(string.IsNullOrEmpty(document.Text("metadata", "name")), $"{file}: metadata.name");
            if (document.Text("kind") != "Namespace")
            {
                Assert.Equal("pvi", document.Text("metadata", "namespace"));
            }
        }
    }

    [Fact]
    public void Kustomization_applies_every_manifest_except_the_alternatives()
    {
        var kustomization = Manifests.Documents(Path.Combine(Manifests.KubernetesFolder, "kustomization.yaml")).Single();
        var listed = kustomization.Node("resources").Items().Select(r => ((YamlScalarNode)r).Value!).Order();
        var present = Manifests.KubernetesFiles
            .Select(f => Path.GetRelativePath(Manifests.KubernetesFolder, f))
            .Where(f => f != "kustomization.yaml" && !f.StartsWith("dapr/alternatives", StringComparison.Ordinal))
            .Order();

        Assert.Equal(present, listed);
    }

    [Fact]
    public void Every_service_of_the_topology_has_a_deployment_and_every_deployment_a_service()
    {
        var objects = Manifests.AppliedObjects();
        var deployments = objects.OfKind("Deployment").Select(d => d.Text("metadata", "name")).Order();
        var services = objects.OfKind("Service").Select(d => d.Text("metadata", "name")).Order();
        var topology = Manifests.DeployedServices().Select(s => s.Name).Order();

        Assert.Equal(topology, deployments);
        Assert.Equal(topology, services);
        Assert.DoesNotContain(Manifests.IdentityProvider, deployments);
    }

    [Theory]
    [InlineData("ndv-matching")]
    [InlineData("phone-overflow")]
    [InlineData("complaint-pilot")]
    [InlineData("social-agenda")]
    public void Domain_service_deployment_carries_Dapr_annotations_that_match_its_ports(string app)
    {
        var deployment = Manifests.AppliedObjects().OfKind("Deployment").Single(d => d.Text("metadata", "name") == app);
        var annotations = deployment.Node("spec", "template", "metadata", "annotations")!;
        var container = deployment.Node("spec", "template", "spec", "containers").Items().Single();
        var ports = container.Node("ports").Items().ToDictionary(p => p.Text("name")!, p => p.Text("containerPort")!);
        var env = Environment(container);

        Assert.Equal("true", annotations.Text("dapr.io/enabled"));
        Assert.Equal(app, annotations.Text("dapr.io/app-id"));
        Assert.Equal("h2c", annotations.Text("dapr.io/app-protocol"));
        Assert.Equal(ports["grpc"], annotations.Text("dapr.io/app-port"));
        Assert.Equal("pvi", annotations.Text("dapr.io/config"));
        Assert.Equal($"http://0.0.0.0:{ports["http"]}", env["Endpoints__Http"]);
        Assert.Equal($"http://0.0.0.0:{ports["grpc"]}", env["Endpoints__Grpc"]);
        Assert.Equal("Postgres", env["Database__Provider"]);
        Assert.Equal("Dapr", env["Events__Transport"]);
        Assert.Equal("pubsub", env["Events__PubSubName"]);
        var appToken = container.Node("env").Items().Single(v => v.Text("name") == "APP_API_TOKEN");
        Assert.Equal(annotations.Text("dapr.io/app-token-secret"), appToken.Text("valueFrom", "secretKeyRef", "name"));
        Assert.Equal("/health/ready", container.Text("readinessProbe", "httpGet", "path"));
        Assert.Equal("/health/live", container.Text("livenessProbe", "httpGet", "path"));
    }

    [Theory]
    [InlineData("ndv-matching", "Ndv__SeedDemoMembers")]
    [InlineData("phone-overflow", "Overflow__SeedDemoPeople")]
    [InlineData("ndv-matching", "Ndv__SeedDemoHistory")]
    [InlineData("phone-overflow", "Overflow__SeedDemoHistory")]
    [InlineData("complaint-pilot", "Complaints__SeedDemoComplaints")]
    [InlineData("social-agenda", "Survey__SeedDemoWaves")]
    public void No_fictional_demo_person_or_history_is_loaded_in_the_cluster(string app, string setting)
    {
        var deployment = Manifests.AppliedObjects().OfKind("Deployment").Single(d => d.Text("metadata", "name") == app);

        Assert.Equal("false", Environment(deployment.Node("spec", "template", "spec", "containers").Items().Single())[setting]);
    }

    [Fact]
    public void The_complaint_pilot_reaches_the_NDV_service_by_Dapr_service_invocation_in_the_cluster()
    {
        var deployments = Manifests.AppliedObjects().OfKind("Deployment").ToList();
        var pilot = deployments.Single(d => d.Text("metadata", "name") == "complaint-pilot");
        var ndv = deployments.Single(d => d.Text("metadata", "name") == "ndv-matching");
        var environment = Environment(pilot.Node("spec", "template", "spec", "containers").Items().Single());

        Assert.Equal("http://localhost:50001", environment["Services__ndv__Grpc"]);
        Assert.Equal(ndv.Node("spec", "template", "metadata", "annotations")!.Text("dapr.io/app-id"), environment["Services__ndv__DaprAppId"]);
    }

    [Fact]
    public void Connection_strings_and_passwords_come_from_secrets_never_from_the_manifest()
    {
        foreach (var container in Manifests.AppliedObjects().OfKind("Deployment").SelectMany(d => d.Node("spec", "template", "spec", "containers").Items()))
        {
            foreach (var variable in container.Node("env").Items().Where(v => v.Text("name")!.StartsWith("ConnectionStrings__", StringComparison.Ordinal)))
            {
                Assert.Null(variable.Text("value"));
                Assert.NotNull(variable.Text("valueFrom", "secretKeyRef", "name"));
            }
        }

        foreach (var file in Manifests.KubernetesFiles)
        {
            foreach (var component in Manifests.Documents(file).OfKind("Component"))
            {
                foreach (var item in component.Node("spec", "metadata").Items()
                    .Where(m => m.Text("name")!.Contains("password", StringComparison.OrdinalIgnoreCase)))
                {
                    Assert.Null(item.Text("value"));
                    Assert.NotNull(item.Text("secretKeyRef", "name"));
                }
            }
        }
    }

    [Fact]
    public void Gateway_routes_to_the_grpc_port_of_each_domain_service()
    {
        var objects = Manifests.AppliedObjects();
        var gateway = objects.OfKind("Deployment").Single(d => d.Text("metadata", "name") == "gateway");
        var env = Environment(gateway.Node("spec", "template", "spec", "containers").Items().Single());
        var clusters = Manifests.AppSettings(Repository.PathOf("services", "Gateway")).GetProperty("ReverseProxy").GetProperty("Clusters");

        Assert.Null(gateway.Text("spec", "template", "metadata", "annotations", "dapr.io/enabled"));
        foreach (var cluster in clusters.EnumerateObject())
        {
            var address = env[$"ReverseProxy__Clusters__{cluster.Name}__Destinations__local__Address"];
            var app = new Uri(address).Host.Split('.')[0];
            var service = objects.OfKind("Service").Single(s => s.Text("metadata", "name") == app);
            var grpcPort = service.Node("spec", "ports").Items().Single(p => p.Text("name") == "grpc").Text("port");

            Assert.Contains(app, DomainApps);
            Assert.Equal(grpcPort, new Uri(address).Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Pubsub_components_are_scoped_to_domain_services_that_exist()
    {
        var components = Manifests.KubernetesFiles.SelectMany(Manifests.Documents).OfKind("Component").ToList();

        Assert.Contains(components, c => c.Text("spec", "type") == "pubsub.redis");
        Assert.Contains(components, c => c.Text("spec", "type") == "pubsub.kafka");
        foreach (var component in components)
        {
            Assert.Equal("pubsub", component.Text("metadata", "name"));
            Assert.Equal("kubernetes", component.Text("auth", "secretStore"));
            Assert.Equal(DomainApps.Order(), component.Node("scopes").Items().Select(s => ((YamlScalarNode)s).Value).Order());
        }
    }

    [Fact]
    public void Dapr_configuration_turns_on_mTLS_and_OTLP_tracing()
    {
        var configuration = Manifests.AppliedObjects().OfKind("Configuration").Single();

        Assert.Equal("pvi", configuration.Text("metadata", "name"));
        Assert.Equal("true", configuration.Text("spec", "mtls", "enabled"));
        Assert.False(string.IsNullOrEmpty(configuration.Text("spec", "tracing", "otel", "endpointAddress")));
    }

    [Fact]
    public void Resiliency_targets_only_apps_and_components_that_exist_with_defined_policies()
    {
        var objects = Manifests.AppliedObjects();
        var resiliency = objects.OfKind("Resiliency").Single();
        var policies = resiliency.Node("spec", "policies")!;
        var defined = new[] { "timeouts", "retries", "circuitBreakers" }
            .SelectMany(kind => ((YamlMappingNode)policies.Node(kind)!).Children.Keys.Select(k => (kind, ((YamlScalarNode)k).Value!)))
            .ToHashSet();
        var apps = (YamlMappingNode)resiliency.Node("spec", "targets", "apps")!;
        var components = (YamlMappingNode)resiliency.Node("spec", "targets", "components")!;

        Assert.Equal(DomainApps.Order(), apps.Children.Keys.Select(k => ((YamlScalarNode)k).Value).Order());
        Assert.Equal(["pubsub"], components.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        foreach (var target in apps.Children.Values.Concat(components.Children.Values.SelectMany(c => ((YamlMappingNode)c).Children.Values)))
        {
            AssertDefined(target.Text("timeout"), "timeouts");
            AssertDefined(target.Text("retry"), "retries");
            AssertDefined(target.Text("circuitBreaker"), "circuitBreakers");
        }

        void AssertDefined(string? name, string kind)
        {
            if (name is not null)
            {
                Assert.Contains((kind, name), defined);
            }
        }
    }

    [Fact]
    public void Images_are_the_container_repositories_the_projects_publish()
    {
        var topology = Manifests.TyeServices();
        foreach (var deployment in Manifests.AppliedObjects().OfKind("Deployment"))
        {
            var name = deployment.Text("metadata", "name")!;
            var image = deployment.Node("spec", "template", "spec", "containers").Items().Single().Text("image")!;
            var project = Manifests.Project(Repository.PathOf(topology.Single(s => s.Name == name).Project));
            var repository = project.Descendants("ContainerRepository").Single().Value;

            Assert.Equal($"{repository}:latest", image);
        }
    }

    private static Dictionary<string, string> Environment(YamlNode container) =>
        container.Node("env").Items().ToDictionary(v => v.Text("name")!, v => v.Text("value") ?? "(from " + (v.Node("valueFrom") as YamlMappingNode)?.Children.Keys.First() + ")");
}
