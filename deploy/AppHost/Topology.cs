using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Pvi.AppHost;

/// <summary>The suite's topology as tye.yaml describes it: the one source for both ways of running locally.</summary>
public sealed class Topology
{
    /// <summary>The service of tye.yaml that is the suite's own OpenID Connect provider.</summary>
    public const string IdentityProvider = "identity";

    public string Name { get; set; } = string.Empty;

    public List<TopologyService> Services { get; set; } = [];

    public static Topology Load(string path)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build();
        return deserializer.Deserialize<Topology>(File.ReadAllText(path));
    }

    /// <summary>The app host's project of a service of tye.yaml; every project is named by exactly one service.</summary>
    public SuiteProject ProjectOf(TopologyService service, string root, IReadOnlyList<SuiteProject> projects)
    {
        var unnamed = projects.Where(p => !Services.Any(s => SamePath(s.Project, root, p))).Select(p => p.Path).ToList();
        if (unnamed.Count > 0)
        {
            throw new InvalidOperationException($"tye.yaml names no service for {string.Join(", ", unnamed)}.");
        }

        return projects.SingleOrDefault(p => SamePath(service.Project, root, p))
            ?? throw new InvalidOperationException($"Service '{service.Name}' in tye.yaml is {service.Project}, which the app host does not reference.");
    }

    private static bool SamePath(string project, string root, SuiteProject suiteProject) =>
        string.Equals(Path.GetFullPath(Path.Combine(root, project)), Path.GetFullPath(suiteProject.Path), StringComparison.Ordinal);
}

/// <summary>
/// A project the app host references (Aspire's generated metadata): built with the app host, and
/// started from that build output in its own folder, as <c>dotnet run --no-build</c> would start
/// it but without evaluating the project once more per start.
/// </summary>
public sealed record SuiteProject(string Path, Func<IDistributedApplicationBuilder, string, IResourceBuilder<ProjectResource>> Add)
{
    public static SuiteProject Of<TProject>() where TProject : IProjectMetadata, new()
    {
        var path = new TProject().ProjectPath;
        return new(path, (builder, name) =>
        {
            var project = builder.AddProject<TProject>(name, options => options.ExcludeLaunchProfile = true);
            var folder = System.IO.Path.GetDirectoryName(path)!;
            var program = System.IO.Path.Combine(folder, "bin", BuildConfiguration, $"net{Environment.Version.Major}.{Environment.Version.Minor}", System.IO.Path.GetFileNameWithoutExtension(path));
            return File.Exists(program)
                ? project.WithAnnotation(new ExecutableAnnotation { Command = program, WorkingDirectory = folder }, ResourceAnnotationMutationBehavior.Replace)
                : project;
        });
    }

    /// <summary>The configuration the app host was built in, and its project references with it.</summary>
    private static string BuildConfiguration =>
        typeof(SuiteProject).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().SingleOrDefault()?.Configuration ?? "Debug";
}

public sealed class TopologyService
{
    public string Name { get; set; } = string.Empty;

    public string Project { get; set; } = string.Empty;

    public List<TopologyBinding> Bindings { get; set; } = [];

    public List<TopologyVariable> Env { get; set; } = [];

    public TopologyBinding Binding(string name) =>
        Bindings.SingleOrDefault(binding => binding.Name == name)
        ?? throw new InvalidOperationException($"Service '{Name}' in tye.yaml has no binding '{name}'.");
}

public sealed class TopologyBinding
{
    public string Name { get; set; } = string.Empty;

    public int Port { get; set; }

    public string Protocol { get; set; } = "http";
}

public sealed class TopologyVariable
{
    public string Name { get; set; } = string.Empty;

    public string Value { get; set; } = string.Empty;
}
