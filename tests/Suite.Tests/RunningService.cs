using System.Text;
using Pvi.TestSupport;

namespace Pvi.Suite.Tests;

/// <summary>
/// A service process of the local run, found by the gRPC address the app host gave it (Linux
/// /proc): its program, arguments, folder and environment, so that it can be killed the hard way
/// and started again exactly as it was.
/// </summary>
public sealed class RunningService
{
    private RunningService(int processId, string fileName, IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        ProcessId = processId;
        FileName = fileName;
        Arguments = arguments;
        WorkingDirectory = workingDirectory;
        Environment = environment;
    }

    public int ProcessId { get; }

    public string FileName { get; }

    public IReadOnlyList<string> Arguments { get; }

    public string WorkingDirectory { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The process serving gRPC on <paramref name="grpcPort"/> (not the `dotnet run` above it).</summary>
    public static RunningService Find(string project, int grpcPort)
    {
        var address = $"Endpoints__Grpc=http://localhost:{grpcPort}";
        foreach (var folder in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                var environment = Split(File.ReadAllBytes(Path.Combine(folder, "environ")));
                var command = Split(File.ReadAllBytes(Path.Combine(folder, "cmdline")));
                if (!environment.Contains(address) || command.Count == 0 || !Path.GetFileName(command[0]).StartsWith(project, StringComparison.Ordinal))
                {
                    continue;
                }

                return new RunningService(
                    int.Parse(Path.GetFileName(folder), System.Globalization.CultureInfo.InvariantCulture),
                    command[0],
                    command.Skip(1).ToList(),
                    new DirectoryInfo(Path.Combine(folder, "cwd")).ResolveLinkTarget(returnFinalTarget: true)!.FullName,
                    environment.Select(e => e.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // a process that ended while we looked, or one that is not ours
            }
        }

        throw new InvalidOperationException($"No {project} process serves gRPC on port {grpcPort}.");
    }

    /// <summary>kill -9: no shutdown, no flush; what was acknowledged must already be durable.</summary>
    public async Task KillAsync()
    {
        using var process = System.Diagnostics.Process.GetProcessById(ProcessId);
        process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>Starts the service again with its program, arguments, folder and environment.</summary>
    public ServiceProcess StartAgain() => ServiceProcess.StartExactly(FileName, Arguments, WorkingDirectory, Environment);

    private static List<string> Split(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes).Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
}
