using System.Diagnostics;
using System.Globalization;
using Grpc.Net.Client;
using HdrHistogram;
using Microsoft.Playwright;
using Pvi.Overflow.V1;
using Pvi.TestSupport;

namespace Pvi.Benchmarks;

/// <summary>
/// The web console in a real browser against the suite started as the README says (the app host
/// on the tye.yaml ports, a data folder of its own): the time from the telephony platform's
/// RouteCall to the call visible on the operator's open page (p50, p95, max), and the console's
/// resident memory with one and with 20 signed-in sessions, each with a page open.
/// </summary>
public static class ConsoleBenchmark
{
    private static readonly Uri Gateway = new("http://localhost:5000");
    private static readonly Uri GatewayGrpc = new("http://localhost:5001");

    /// <summary>People of the demo with a page each for the sessions (cycled to 20).</summary>
    private static readonly (string Name, string Path)[] People =
    [
        ("Sanne de Vries", "/expertise"),
        ("Fatma Yilmaz", "/ndv/aanvragen"),
        ("Kees Bakker", "/ndv/cijfers"),
        ("Youssef El Amrani", "/ndv/aanbiedingen"),
        ("Mark de Boer", "/overflow/capaciteit"),
        ("Robin Jansen", "/roze-in-blauw"),
    ];

    public static async Task RunAsync(int calls)
    {
        var data = Directory.CreateTempSubdirectory("pvi-bench-console-");
        var started = Stopwatch.StartNew();
        await using var suite = ServiceProcess.StartDotnet("run --project deploy/AppHost --no-build", Repository.Root, new Dictionary<string, string> { ["DataFolder"] = data.FullName }, ownProcessGroup: true);
        try
        {
            await suite.WaitUntilOkAsync(new Uri(Gateway, "/health/ready"), TimeSpan.FromSeconds(180));
            await suite.WaitUntilOkAsync(new Uri(ConsoleBrowser.Console, "health/ready"), TimeSpan.FromSeconds(60));
            using var http = new HttpClient { BaseAddress = Gateway };
            var telephony = await TokenAsync(http, "demo-telephony");
            using var channel = Channels.Grpc(GatewayGrpc, telephony);
            var line = new PhoneOverflowService.PhoneOverflowServiceClient(channel);
            await Eventually.UntilAsync(async () => await ServedAsync(line), TimeSpan.FromSeconds(120), () => "the overflow service answers through the gateway");
            var ready = started.Elapsed;

            await using var browser = new ConsoleBrowser();
            await browser.InitializeAsync();
            var consoleProcess = ConsoleProcessId();
            var (operatorContext, page) = await browser.SignInAsync("Lotte Visser", "/rsc");
            await page.GetByRole(AriaRole.Button, new() { Name = "Aanmelden bij het RSC" }).ClickAsync();
            await page.GetByText("Live verbonden.").WaitForAsync();
            var oneSession = Machine.ResidentMegabytes(consoleProcess);

            // Warm-up: the first calls compile the paths.
            for (var i = 0; i < 5; i++)
            {
                await RouteUntilVisibleAsync(line, page);
            }

            var histogram = new LongHistogram(TimeSpan.TicksPerMinute, 3);
            for (var i = 0; i < calls; i++)
            {
                histogram.RecordValue((await RouteUntilVisibleAsync(line, page)).Ticks);
            }

            var contexts = new List<IBrowserContext> { operatorContext };
            for (var i = 1; i < 20; i++)
            {
                var (name, path) = People[(i - 1) % People.Length];
                var (context, _) = await browser.SignInAsync(name, path);
                contexts.Add(context);
            }

            await Task.Delay(TimeSpan.FromSeconds(5));
            var twentySessions = Machine.ResidentMegabytes(consoleProcess);

            Console.WriteLine($"Web console, {Machine.Describe()}; the suite ready in {ready.TotalSeconds:F1} s");
            Console.WriteLine();
            Console.WriteLine($"| RouteCall to the call visible on the operator's page, {calls} calls | p50 ms | p95 ms | max ms |");
            Console.WriteLine("|---|---|---|---|");
            Console.WriteLine($"| through the gateway and the console's live stream | {Ms(histogram, 50)} | {Ms(histogram, 95)} | {Ms(histogram, 100)} |");
            Console.WriteLine();
            Console.WriteLine("| Console resident memory | MB |");
            Console.WriteLine("|---|---|");
            Console.WriteLine($"| 1 signed-in session, the operator's live page | {oneSession:F0} |");
            Console.WriteLine($"| 20 signed-in sessions, a page open each | {twentySessions:F0} |");
            Console.WriteLine($"| per further session | {(twentySessions - oneSession) / 19:F1} |");

            foreach (var context in contexts)
            {
                await context.DisposeAsync();
            }
        }
        finally
        {
            await suite.InterruptAsync(TimeSpan.FromSeconds(60));
            data.Delete(recursive: true);
        }
    }

    /// <summary>Routes a call (the operator is the only one signed in), waits until its row is on the page, and ends it.</summary>
    private static async Task<TimeSpan> RouteUntilVisibleAsync(PhoneOverflowService.PhoneOverflowServiceClient line, IPage page)
    {
        var id = "bench-" + Guid.NewGuid().ToString("N")[..12];
        var stopwatch = Stopwatch.StartNew();
        await line.RouteCallAsync(new RouteCallRequest { CallId = id, CallerRegion = "RT", CallerNumber = "+31101234567" });
        await page.Locator($"tr[data-call-id='{id}']").WaitForAsync(new() { Timeout = 30_000 });
        var elapsed = stopwatch.Elapsed;
        await line.ReportCallEventAsync(new ReportCallEventRequest { CallId = id, Kind = CallEventKind.Answered });
        await line.ReportCallEventAsync(new ReportCallEventRequest { CallId = id, Kind = CallEventKind.Completed });
        return elapsed;
    }

    private static async Task<bool> ServedAsync(PhoneOverflowService.PhoneOverflowServiceClient line)
    {
        try
        {
            await line.ListRegionalServiceCentresAsync(new ListRegionalServiceCentresRequest());
            return true;
        }
        catch (Grpc.Core.RpcException)
        {
            return false;
        }
    }

    private static async Task<string> TokenAsync(HttpClient http, string user)
    {
        using var response = await http.PostAsync(new Uri($"/dev/tokens/{user}", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The console's process, as the app host started it (its built executable).</summary>
    private static int ConsoleProcessId() =>
        Directory.EnumerateDirectories("/proc").Select(d => Path.GetFileName(d))
            .Where(name => name.All(char.IsDigit))
            .Select(int.Parse)
            .First(pid =>
            {
                try
                {
                    var command = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0')[0];
                    return Path.GetFileName(command) is "WebConsole" || command.EndsWith("WebConsole.dll", StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
                catch (UnauthorizedAccessException)
                {
                    return false;
                }
            });

    private static string Ms(LongHistogram histogram, double percentile) =>
        (histogram.GetValueAtPercentile(percentile) / (double)TimeSpan.TicksPerMillisecond).ToString("F0", CultureInfo.InvariantCulture);
}
