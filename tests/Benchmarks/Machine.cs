using System.Diagnostics;
using System.Globalization;

namespace Pvi.Benchmarks;

/// <summary>The machine under the benchmarks: its cores, pinning processes to them, resident memory of a process (Linux /proc).</summary>
public static class Machine
{
    /// <summary>The core of the load generator (this process); the measured processes run on the others.</summary>
    public const int LoadCore = 0;

    public static bool CanPin => OperatingSystem.IsLinux() && Environment.ProcessorCount >= 2 && File.Exists("/usr/bin/taskset");

    public static string Describe()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo") ? Kilobytes(File.ReadLines("/proc/meminfo").First()) / 1024 / 1024 : 0;
        return $"{Environment.ProcessorCount} cores ({model ?? "unknown CPU"}), {memory:F0} GiB, .NET {Environment.Version}, {RuntimeConfiguration}; " +
            (CanPin ? $"load generator pinned to core {LoadCore}, measured processes to {ServerCores}" : "not pinned");
    }

    /// <summary>The cores the measured processes get: all but the load generator's.</summary>
    public static string ServerCores => Environment.ProcessorCount == 2 ? "1" : $"1-{Environment.ProcessorCount - 1}";

    /// <summary>Pins this process (every thread) to the load generator's core.</summary>
    public static void PinLoadGenerator()
    {
        if (CanPin)
        {
            Taskset(Environment.ProcessId, LoadCore.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Gives this process every core again (for measurements that run their servers in process).</summary>
    public static void UnpinLoadGenerator()
    {
        if (CanPin)
        {
            Taskset(Environment.ProcessId, $"0-{Environment.ProcessorCount - 1}");
        }
    }

    /// <summary>Pins a measured process (every thread it has and will have) to the server cores.</summary>
    public static void PinServer(int processId)
    {
        if (CanPin)
        {
            Taskset(processId, ServerCores);
        }
    }

    /// <summary>Resident memory of a process in MB (VmRSS).</summary>
    public static double ResidentMegabytes(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? double.NaN : Kilobytes(line) / 1024;
    }

    /// <summary>CPU time the process has used so far, user and system (Linux /proc/{id}/stat, in clock ticks of 10 ms).</summary>
    public static TimeSpan CpuTime(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    /// <summary>The highest resident memory of the processes while <paramref name="work"/> runs, sampled every 100 ms.</summary>
    public static async Task<(T Result, double[] PeakMegabytes)> WithPeakMemoryAsync<T>(int[] processIds, Func<Task<T>> work)
    {
        var peaks = new double[processIds.Length];
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var every = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            do
            {
                for (var i = 0; i < processIds.Length; i++)
                {
                    peaks[i] = Math.Max(peaks[i], ResidentMegabytes(processIds[i]));
                }
            }
            while (!done.IsCancellationRequested && await every.WaitForNextTickAsync(CancellationToken.None));
        });
        var result = await work();
        await done.CancelAsync();
        await sampler;
        return (result, peaks);
    }

    private static string RuntimeConfiguration =>
#if DEBUG
        "Debug build";
#else
        "Release build";
#endif

    private static double Kilobytes(string line) =>
        double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static void Taskset(int processId, string cores)
    {
        using var taskset = Process.Start(new ProcessStartInfo("taskset", ["-a", "-c", "-p", cores, processId.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true })!;
        taskset.WaitForExit();
    }
}
