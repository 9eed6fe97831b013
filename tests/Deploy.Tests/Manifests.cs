using System.Text.Json;
using System.Xml.Linq;
using Pvi.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Pvi.Deploy.Tests;

/// <summary>The deployment files of the repository, parsed.</summary>
public static class Manifests
{
    public static string KubernetesFolder => Repository.PathOf("deploy", "kubernetes");

    public static IEnumerable<string> KubernetesFiles =>
        Directory.EnumerateFiles(KubernetesFolder, "*.yaml", SearchOption.AllDirectories).Order();

    /// <summary>Every YAML document of a file (a file may hold several, separated by ---).</summary>
    public static IReadOnlyList<YamlMappingNode> Documents(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return stream.Documents.Select(document => (YamlMappingNode)document.RootNode).ToList();
    }

    /// <summary>Every Kubernetes object of the applied set (deploy/kubernetes, alternatives excluded).</summary>
    public static IReadOnlyList<YamlMappingNode> AppliedObjects() =>
        KubernetesFiles.Where(file => !file.Contains("alternatives", StringComparison.Ordinal) && !file.EndsWith("kustomization.yaml", StringComparison.Ordinal))
            .SelectMany(Documents).ToList();

    public static IEnumerable<YamlMappingNode> OfKind(this IEnumerable<YamlMappingNode> objects, string kind) =>
        objects.Where(o => o.Text("kind") == kind);

    public static string? Text(this YamlNode node, params string[] path) => (node.Node(path) as YamlScalarNode)?.Value;

    public static YamlNode? Node(this YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    public static IEnumerable<YamlNode> Items(this YamlNode? node) => node is YamlSequenceNode sequence ? sequence.Children : [];

    public static YamlMappingNode Tye() => Documents(Repository.PathOf("tye.yaml")).Single();

    /// <summary>Services of tye.yaml: name, project path, and ports by binding name.</summary>
    public static IReadOnlyList<(string Name, string Project, Dictionary<string, int> Ports)> TyeServices() =>
        Tye().Node("services").Items().Select(service => (
            service.Text("name")!,
            service.Text("project")!,
            service.Node("bindings").Items().ToDictionary(b => b.Text("name")!, b => int.Parse(b.Text("port")!, System.Globalization.CultureInfo.InvariantCulture))))
        .ToList();

    /// <summary>The suite's own identity provider: part of the local run, not of the Kubernetes deployment (the police's provider is used there).</summary>
    public const string IdentityProvider = "identity";

    /// <summary>The web console: people's browsers reach it over HTTP/1.1 only.</summary>
    public const string WebConsole = "web-console";

    /// <summary>The four domain services of the topology.</summary>
    public static IReadOnlyList<(string Name, string Project, Dictionary<string, int> Ports)> DomainServices() =>
        TyeServices().Where(s => s.Name is not ("gateway" or IdentityProvider or WebConsole)).ToList();

    /// <summary>What runs in Kubernetes: the topology without the suite's own provider.</summary>
    public static IReadOnlyList<(string Name, string Project, Dictionary<string, int> Ports)> DeployedServices() =>
        TyeServices().Where(s => s.Name != IdentityProvider).ToList();

    public static JsonElement AppSettings(string projectFolder)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(projectFolder, "appsettings.json")));
        return document.RootElement.Clone();
    }

    public static XDocument Project(string path) => XDocument.Load(path);
}
