using Pvi.TestSupport;

namespace Pvi.Suite.Tests.Console;

/// <summary>
/// The local run as the README starts it (the app host, the provider, the gateway, the services
/// and the console), with its demo history, on a data folder of its own, and one headless
/// Chromium for the people of the console's journeys.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public LocalSuiteFixture Suite { get; } = new();

    public ConsoleBrowser Browser { get; } = new();

    public HttpClient Gateway { get; } = new() { BaseAddress = LocalSuite.GatewayHttp };

    public async Task InitializeAsync()
    {
        await Suite.InitializeAsync();
        await Suite.Process.WaitUntilOkAsync(new Uri(ConsoleBrowser.Console, "health/ready"), TimeSpan.FromSeconds(60));
        await Browser.InitializeAsync();
    }

    /// <summary>A development token of a demo user, for what happens outside the browser (the telephony platform).</summary>
    public Task<string> TokenOfAsync(string userId) => LocalSuite.TokenOfAsync(Gateway, userId);

    public async Task DisposeAsync()
    {
        Gateway.Dispose();
        await Browser.DisposeAsync();
        await Suite.DisposeAsync();
    }
}
