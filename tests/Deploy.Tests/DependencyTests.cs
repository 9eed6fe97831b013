using Pvi.TestSupport;

namespace Pvi.Deploy.Tests;

/// <summary>
/// Each process carries only the code it needs: the database code (EF Core, SQLite, PostgreSQL)
/// lives in services/ServiceData and is referenced by the processes that keep data, never by the
/// gateway or the console, which keep none.
/// </summary>
public sealed class DependencyTests
{
    private static readonly string[] DatabasePackages = ["Microsoft.EntityFrameworkCore", "Npgsql", "Microsoft.Data.Sqlite"];

    [Theory]
    [InlineData("Gateway")]
    [InlineData("WebConsole")]
    public void The_processes_that_keep_no_data_reference_no_database_code(string project)
    {
        var (projects, packages) = Closure(Repository.PathOf("services", project, project + ".csproj"));

        Assert.DoesNotContain("ServiceData", projects);
        Assert.DoesNotContain(packages, p => DatabasePackages.Any(d => p.StartsWith(d, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("NdvMatching")]
    [InlineData("PhoneOverflow")]
    [InlineData("ComplaintPilot")]
    [InlineData("SocialAgenda")]
    [InlineData("Identity")]
    public void The_processes_that_keep_data_have_it_through_ServiceData(string project)
    {
        var (projects, _) = Closure(Repository.PathOf("services", project, project + ".csproj"));

        Assert.Contains("ServiceData", projects);
        var (_, shared) = Closure(Repository.PathOf("services", "ServiceDefaults", "ServiceDefaults.csproj"));
        Assert.DoesNotContain(shared, p => DatabasePackages.Any(d => p.StartsWith(d, StringComparison.Ordinal)));
    }

    /// <summary>The projects a project references, directly or through others, and their package references.</summary>
    private static (HashSet<string> Projects, HashSet<string> Packages) Closure(string path)
    {
        var projects = new HashSet<string>(StringComparer.Ordinal);
        var packages = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(path)]);
        while (pending.TryPop(out var current))
        {
            if (!projects.Add(Path.GetFileNameWithoutExtension(current)))
            {
                continue;
            }

            var document = Manifests.Project(current);
            foreach (var package in document.Descendants("PackageReference"))
            {
                packages.Add(package.Attribute("Include")!.Value);
            }

            foreach (var reference in document.Descendants("ProjectReference"))
            {
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, reference.Attribute("Include")!.Value)));
            }
        }

        return (projects, packages);
    }
}
