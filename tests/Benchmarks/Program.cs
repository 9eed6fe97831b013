using Pvi.TestSupport;

namespace Pvi.Benchmarks;

/// <summary>
/// dotnet run -c Release --project tests/Benchmarks -- {events|ndv|overflow|complaints|survey} [seconds]
/// Prints Markdown tables; PostgreSQL is measured when PVI_TEST_POSTGRES names a server.
/// </summary>
public static class BenchmarkCommand
{
    public static async Task<int> Main(string[] args)
    {
        var seconds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
        var postgres = Environment.GetEnvironmentVariable(PostgresServer.ConnectionStringVariable);
        switch (args.FirstOrDefault() ?? "events")
        {
            case "events":
                await EventsBenchmark.RunAsync(TimeSpan.FromSeconds(seconds), postgres);
                return 0;
            case "ndv":
                await NdvBenchmark.RunAsync(TimeSpan.FromSeconds(seconds), postgres);
                return 0;
            case "overflow":
                await OverflowBenchmark.RunAsync(TimeSpan.FromSeconds(seconds));
                return 0;
            case "complaints":
                await ComplaintsBenchmark.RunAsync(TimeSpan.FromSeconds(seconds));
                return 0;
            case "survey":
                await SurveyBenchmark.RunAsync(TimeSpan.FromSeconds(seconds), postgres);
                return 0;
            default:
                Console.Error.WriteLine("usage: Benchmarks {events|ndv|overflow|complaints|survey} [seconds]");
                return 2;
        }
    }
}
