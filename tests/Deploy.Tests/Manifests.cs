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

    /// <summary>
    /// Every Kubernetes object of the applied set, as <c>kubectl apply -k deploy/kubernetes</c> would apply it:
    /// rendered by kustomize (kubectl's own, from PATH or PVI_KUBECTL), alternatives excluded.
    /// </summary>
    public static IReadOnlyList<YamlMappingNode> AppliedObjects() => Rendered.Value;

    private static readonly Lazy<IReadOnlyList<YamlMappingNode>> Rendered = new(() =>
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Kustomize(KubernetesFolder)));
        return stream.Documents.Select(document => (YamlMappingNode)document.RootNode).ToList();
    });

    /// <summary>The output of <c>kubectl kustomize</c> for a folder.</summary>
    public static string Kustomize(string folder)
    {
        var kubectl = Environment.GetEnvironmentVariable("PVI_KUBECTL") is { Length: > 0 } configured ? configured : FindOnPath("kubectl")
            ?? throw new InvalidOperationException("The deployment tests render deploy/kubernetes with 'kubectl kustomize': put kubectl on PATH or set PVI_KUBECTL.");
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(kubectl, ["kustomize", folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"kubectl kustomize {folder} failed: {errors.Result}");
    }

    private static string? FindOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, command))
            .FirstOrDefault(File.Exists);

    /// <summary>Dapr's components (kind Component of dapr.io; kustomize has a kind Component of its own).</summary>
    public static IEnumerable<YamlMappingNode> DaprComponents(this IEnumerable<YamlMappingNode> objects) =>
        objects.OfKind("Component").Where(o => o.Text("apiVersion")!.StartsWith("dapr.io/", StringComparison.Ordinal));

    /// <summary>Whether a document is kustomize's own configuration rather than a Kubernetes object.</summary>
    public static bool IsKustomize(this YamlMappingNode document) =>
        document.Text("apiVersion")?.StartsWith("kustomize.config.k8s.io/", StringComparison.Ordinal) == true;

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
