using Pvi.TestSupport;

namespace Pvi.Suite.Tests;

/// <summary>The local run on a data folder of its own, shared by the tests of one class and stopped with Ctrl+C after them.</summary>
public sealed class LocalSuiteFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("pvi-local-suite-");

    public ServiceProcess Process { get; private set; } = null!;

    /// <summary>Where the services keep their SQLite files.</summary>
    public DirectoryInfo DataFolder => _data;

    public async Task InitializeAsync() => Process = await LocalSuite.StartAsync(_data);

    public async Task DisposeAsync()
    {
        var stopped = await Process.InterruptAsync(TimeSpan.FromSeconds(60));
        await Process.DisposeAsync();
        Assert.True(stopped, "the app host stops on Ctrl+C");
        await LocalSuite.WaitUntilPortsClosedAsync(TimeSpan.FromSeconds(60));
        _data.Delete(recursive: true);
    }
}
