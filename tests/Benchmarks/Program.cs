using Pvi.Benchmarks;
using Pvi.TestSupport;

// dotnet run -c Release --project tests/Benchmarks -- events [seconds]
// Prints a Markdown table; PostgreSQL is measured when PVI_TEST_POSTGRES names a server.
var command = args.FirstOrDefault() ?? "events";
switch (command)
{
    case "events":
        var seconds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
        await EventsBenchmark.RunAsync(TimeSpan.FromSeconds(seconds), Environment.GetEnvironmentVariable(PostgresServer.ConnectionStringVariable));
        return 0;
    default:
        Console.Error.WriteLine("usage: Benchmarks events [seconds]");
        return 2;
}
