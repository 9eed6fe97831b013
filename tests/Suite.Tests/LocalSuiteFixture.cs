using Pvi.TestSupport;

namespace Pvi.Suite.Tests;

/// <summary>The local run on a data folder of its own, shared by the tests of one class and stopped with Ctrl+C after them.</summary>
public sealed class LocalSuiteFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("pvi-local-suite-");
    private readonly List<ServiceProcess> _restarted = [];

    public ServiceProcess Process { get; private set; } = null!;

    /// <summary>Where the services keep their SQLite files.</summary>
    public DirectoryInfo DataFolder => _data;

    public async Task InitializeAsync() => Process = await LocalSuite.StartAsync(_data);

    /// <summary>A service a test killed and started again: it serves the later tests of the class and stops with the run.</summary>
    public ServiceProcess Adopt(ServiceProcess restarted)
    {
        _restarted.Add(restarted);
        return restarted;
    }

    public async Task DisposeAsync()
    {
        var stopped = await Process.InterruptAsync(TimeSpan.FromSeconds(60));
        await Process.DisposeAsync();
        foreach (var restarted in _restarted)
        {
            await restarted.DisposeAsync();
        }

        Assert.True(stopped, "the app host stops on Ctrl+C");
        await LocalSuite.WaitUntilPortsClosedAsync(TimeSpan.FromSeconds(60));
        _data.Delete(recursive: true);
    }
}
