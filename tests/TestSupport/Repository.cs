namespace Pvi.TestSupport;

/// <summary>Paths in the repository the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration the tests themselves were built in.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The built assembly of a project under services/.</summary>
    public static string ServiceAssembly(string project) => ProjectAssembly("services", project);

    /// <summary>The built assembly of the project in {folder}/{project}.</summary>
    public static string ProjectAssembly(string folder, string project) => PathOf(folder, project, "bin", Configuration, "net10.0", project + ".dll");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Microservices.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Microservices.sln not found above " + AppContext.BaseDirectory);
    }
}
