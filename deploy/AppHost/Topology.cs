using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Pvi.AppHost;

/// <summary>The suite's topology as tye.yaml describes it: the one source for both ways of running locally.</summary>
public sealed class Topology
{
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
