using System.Collections.Concurrent;
using System.Diagnostics;

namespace Pvi.TestSupport;

/// <summary>
/// A real process of the suite started the way a user starts it, with its output kept for the
/// failure message; disposing it ends the process and everything it started.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly bool _ownProcessGroup;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(Process process, bool ownProcessGroup)
    {
        _process = process;
        _ownProcessGroup = ownProcessGroup;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        EndWithThisProcess(process, ownProcessGroup);
    }

    public string Output => string.Join(Environment.NewLine, _output);

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>
    /// Starts <c>dotnet {arguments}</c> in <paramref name="workingDirectory"/>. With
    /// <paramref name="ownProcessGroup"/> it leads a process group of its own, like a command typed
    /// in a terminal, so that <see cref="InterruptAsync"/> reaches it and its children as Ctrl+C does.
    /// Ctrl+C and Ctrl+\ get their default handling back first, as a terminal gives them: a test run
    /// started where they are ignored (a background job of a script, nohup) passes them on ignored,
    /// and a process that ignores SIGINT never sees Ctrl+C.
    /// </summary>
    public static ServiceProcess StartDotnet(
        string arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, bool ownProcessGroup = false)
    {
        var command = "env --default-signal=INT,QUIT dotnet " + arguments;
        var start = new ProcessStartInfo(ownProcessGroup ? "setsid" : "env", ownProcessGroup ? command : command["env ".Length..])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new ServiceProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."), ownProcessGroup);
    }

    /// <summary>
    /// Starts a program exactly as given: its file, arguments, folder and whole environment (nothing
    /// inherited), as a supervisor starts a process again after it died.
    /// </summary>
    public static ServiceProcess StartExactly(string fileName, IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new ServiceProcess(Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start."), ownProcessGroup: false);
    }

    /// <summary>Starts the built service of services/{project} on the given ports.</summary>
    public static ServiceProcess StartService(string project, int httpPort, int grpcPort, IReadOnlyDictionary<string, string> environment) =>
        StartProject("services", project, httpPort, grpcPort, environment);

    /// <summary>Starts the built project {folder}/{project} on the given ports, as `dotnet Project.dll`.</summary>
    public static ServiceProcess StartProject(string folder, string project, int httpPort, int grpcPort, IReadOnlyDictionary<string, string> environment)
    {
        var variables = new Dictionary<string, string>(environment)
        {
            ["Endpoints__Http"] = $"http://127.0.0.1:{httpPort}",
            ["Endpoints__Grpc"] = $"http://127.0.0.1:{grpcPort}",
        };
        variables.TryAdd("ASPNETCORE_ENVIRONMENT", "Development");
        DemoHistory.OffInEnvironment(variables);
        if (!variables.Keys.Any(key => key.StartsWith("Authentication__Jwt__", StringComparison.Ordinal)))
        {
            foreach (var (key, value) in TestIdentity.EnvironmentVariables)
            {
                variables.TryAdd(key, value);
            }
        }

        return StartDotnet($"\"{Repository.ProjectAssembly(folder, project)}\"", Repository.PathOf(folder, project), variables);
    }

    /// <summary>Waits until GET <paramref name="url"/> answers 200, failing with the process output otherwise.</summary>
    public async Task WaitUntilOkAsync(Uri url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.UntilAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"The process exited with {_process.ExitCode} before {url} answered:\n{Output}");
                }

                try
                {
                    using var response = await http.GetAsync(url);
                    return response.IsSuccessStatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            },
            timeout,
            () => $"{url} answers 200:\n{Output}",
            TimeSpan.FromMilliseconds(250));
    }

    /// <summary>Sends SIGINT as Ctrl+C does (to the whole group when it leads one) and waits for the exit.</summary>
    public async Task<bool> InterruptAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            var id = _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var kill = Process.Start("kill", _ownProcessGroup ? ["-INT", "--", "-" + id] : ["-INT", id]);
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Ends the process and what it started at once (SIGKILL), as when a test run ends.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Gracefully first, so that an orchestrator can stop what it started.
        if (!_process.HasExited && !await InterruptAsync(TimeSpan.FromSeconds(30)))
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>
    /// A test run that ends without running its exit handlers (a test host stopped by the runner,
    /// a crash) must not leave its processes behind: a watchdog ends the process (its whole group
    /// when it leads one) once this process is gone, and ends itself when the process exits first.
    /// </summary>
    private static void EndWithThisProcess(Process process, bool ownProcessGroup)
    {
        var target = ownProcessGroup ? "-" + process.Id : process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var watchdog = new ProcessStartInfo("sh")
        {
            ArgumentList =
            {
                "-c",
                "while kill -0 \"$1\" 2>/dev/null; do kill -0 \"$2\" 2>/dev/null || exit 0; sleep 1; done; kill -KILL -- \"$3\" 2>/dev/null",
                "pvi-test-watchdog",
                Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                target,
            },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var started = Process.Start(watchdog);
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 2000 && _output.TryDequeue(out _))
        {
        }
    }
}
