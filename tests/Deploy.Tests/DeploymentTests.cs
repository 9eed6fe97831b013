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
        foreach (var document in documents.Where(d => !d.IsKustomize()))
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
        var referenced = new SortedSet<string>(StringComparer.Ordinal);
        Visit(Manifests.KubernetesFolder);
        var present = Manifests.KubernetesFiles
            .Select(f => Path.GetRelativePath(Manifests.KubernetesFolder, f))
            .Where(f => !f.StartsWith("dapr/alternatives", StringComparison.Ordinal))
            .Order();

        Assert.Equal(present, referenced);

        void Visit(string folder)
        {
            var file = Path.Combine(folder, "kustomization.yaml");
            Assert.True(File.Exists(file), $"{file} is listed but has no kustomization.yaml");
            referenced.Add(Path.GetRelativePath(Manifests.KubernetesFolder, file));
            var kustomization = Manifests.Documents(file).Single();
            var entries = kustomization.Node("resources").Items().Concat(kustomization.Node("components").Items()).Select(r => ((YamlScalarNode)r).Value!)
                .Concat(kustomization.Node("patches").Items().Select(p => p.Text("path")).OfType<string>());
            foreach (var entry in entries)
            {
                var path = Path.GetFullPath(Path.Combine(folder, entry));
                if (Directory.Exists(path))
                {
                    Visit(path);
                }
                else
                {
                    Assert.True(File.Exists(path), $"{file} lists {entry}, which does not exist");
                    referenced.Add(Path.GetRelativePath(Manifests.KubernetesFolder, path));
                }
            }
        }
    }

    [Fact]
    public void The_four_domain_services_are_one_shape_that_differs_only_in_name_and_their_own_settings()
    {
        var deployments = Manifests.AppliedObjects().OfKind("Deployment").Where(d => DomainApps.Contains(d.Text("metadata", "name"))).ToList();
        var shapes = deployments.Select(d =>
        {
            var name = d.Text("metadata", "name")!;
            var own = d.Node("spec", "template", "spec", "containers").Items().Single().Node("env").Items()
                .Select(v => v.Text("name")!)
                .Where(v => v.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || v.StartsWith("Services__", StringComparison.Ordinal) || v.Contains("__SeedDemo", StringComparison.Ordinal))
                .ToList();
            var shared = Fields(d, "")
                .Where(field => !own.Any(v => field.Path.Contains($"env[{v}]", StringComparison.Ordinal)))
                .Select(field => $"{field.Path}={field.Value}".Replace(name, "app", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal);
            return (Name: name, Shared: string.Join('\n', shared), Own: own);
        }).ToList();

        Assert.Equal(DomainApps.Order(), shapes.Select(s => s.Name).Order());
        foreach (var shape in shapes)
        {
            Assert.Contains(shape.Own, v => v.StartsWith("ConnectionStrings__", StringComparison.Ordinal));
            Assert.Equal(shapes[0].Shared, shape.Shared);
        }

        // No field kept the shared manifest's placeholder: every "app" became the service's name.
        foreach (var deployment in deployments)
        {
            var placeholders = Fields(deployment, "").Select(f => f.Value).Where(v => v is "app" or "pvi/app" || v.StartsWith("app-", StringComparison.Ordinal)).ToList();
            Assert.True(placeholders.Count == 0, $"{deployment.Text("metadata", "name")} still says {string.Join(", ", placeholders)}");
        }

        Assert.DoesNotContain(Manifests.AppliedObjects(), o => o.Text("metadata", "annotations", "config.kubernetes.io/local-config") is not null);
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
            foreach (var component in Manifests.Documents(file).DaprComponents())
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
        var components = Manifests.KubernetesFiles.SelectMany(Manifests.Documents).DaprComponents().ToList();

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
    public void Images_are_the_container_repositories_the_projects_publish_at_the_release_tag()
    {
        var topology = Manifests.TyeServices();
        var images = Manifests.Documents(Path.Combine(Manifests.KubernetesFolder, "kustomization.yaml")).Single().Node("images").Items()
            .ToDictionary(i => i.Text("name")!, i => $"{i.Text("newName")}:{i.Text("newTag")}");
        foreach (var deployment in Manifests.AppliedObjects().OfKind("Deployment"))
        {
            var name = deployment.Text("metadata", "name")!;
            var image = deployment.Node("spec", "template", "spec", "containers").Items().Single().Text("image")!;
            var project = Manifests.Project(Repository.PathOf(topology.Single(s => s.Name == name).Project));
            var repository = project.Descendants("ContainerRepository").Single().Value;

            Assert.Equal(images[repository], image);
        }
    }

    /// <summary>Every scalar of an object with its path; items of a list are named by their name where they have one.</summary>
    private static IEnumerable<(string Path, string Value)> Fields(YamlNode node, string path) => node switch
    {
        YamlScalarNode scalar => [(path, scalar.Value ?? "")],
        YamlMappingNode mapping => mapping.Children.SelectMany(child => Fields(child.Value, $"{path}.{((YamlScalarNode)child.Key).Value}")),
        YamlSequenceNode sequence => sequence.Children.SelectMany((item, index) => Fields(item, $"{path}[{item.Text("name") ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture)}]")),
        _ => [],
    };

    private static Dictionary<string, string> Environment(YamlNode container) =>
        container.Node("env").Items().ToDictionary(v => v.Text("name")!, v => v.Text("value") ?? "(from " + (v.Node("valueFrom") as YamlMappingNode)?.Children.Keys.First() + ")");
}
