extern alias complaints;

using System.Diagnostics;
using complaints::Pvi.ComplaintPilot.Handling;
using complaints::Pvi.ComplaintPilot.Infrastructure;
using complaints::Pvi.Complaints.V1;
using Microsoft.EntityFrameworkCore;
using Pvi.ServiceDefaults.Authentication;
using Pvi.TestSupport;
using Model = complaints::Pvi.ComplaintPilot.Model;

namespace Pvi.Benchmarks;

/// <summary>
/// Complaint pilot on real processes (the service on SQLite behind the gateway): the overdue list
/// and the quarterly figures over 100,000 complaints, and RegisterComplaint's throughput.
/// </summary>
public static class ComplaintsBenchmark
{
    private static readonly string[] Units = ["AM", "RT", "DH", "NN", "ON", "MN", "NH", "ZWB", "OB", "LB"];
    private static readonly string[] Categories = ["ethnic-profiling", "discrimination", "violence", "conduct", "no-action", "other"];

    public static async Task RunAsync(TimeSpan duration, int complaints = 100_000)
    {
        var data = Directory.CreateTempSubdirectory("pvi-bench-complaints-");
        var seeding = Stopwatch.StartNew();
        await SeedAsync(data, complaints);
        Console.WriteLine($"Complaint pilot; {Environment.ProcessorCount} cores; {complaints:N0} complaints seeded in {seeding.Elapsed.TotalSeconds:F1} s; service (SQLite) and gateway as processes");
        Console.WriteLine();
        LatencyTable.PrintHeader();

        await using var processes = await ServiceBehindGateway.StartAsync("ComplaintPilot", "complaints", new Dictionary<string, string>
        {
            ["Complaints__SeedDemoComplaints"] = "false",
            ["Events__Subscribers__ndv-matching"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Services__ndv__Grpc"] = $"http://127.0.0.1:{FreePort.Next()}",
        }, data);

        using var nationalChannel = Channels.Grpc(processes.GatewayGrpc, TestTokens.For(new SuiteUser { Id = "bench-national", Name = "bench", Roles = [Roles.NationalManagement], Unit = "PDC" }));
        using var coordinatorChannel = Channels.Grpc(processes.GatewayGrpc, TestTokens.For(new SuiteUser { Id = "bench-coordinator", Name = "bench", Roles = [Roles.ComplaintCoordinator, Roles.ComplaintHandler], Unit = "AM" }));
        var national = new ComplaintPilotService.ComplaintPilotServiceClient(nationalChannel);
        var coordinator = new ComplaintPilotService.ComplaintPilotServiceClient(coordinatorChannel);

        await LatencyTable.TimeAsync("quarterly figures, all units (GetComplaintFigures)", 30, () => national.GetComplaintFiguresAsync(new GetComplaintFiguresRequest { Year = 2026, Quarter = 2 }).ResponseAsync);
        await LatencyTable.TimeAsync("overdue list of unit AM, 100 a page (ListComplaints)", 30, () => coordinator.ListComplaintsAsync(new ListComplaintsRequest { Overdue = true, PageSize = 100 }).ResponseAsync);

        await LatencyTable.ClosedLoopAsync("RegisterComplaint through the gateway, 16 in flight", 16, duration, (worker, n) =>
            coordinator.RegisterComplaintAsync(Registration($"bench-{worker}-{n}"), deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);
    }


    private static RegisterComplaintRequest Registration(string requestId) => new()
    {
        RequestId = requestId,
        Unit = "AM",
        ReceiveDate = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Channel = Channel.Written,
        Complainant = new Complainant { Name = "Benchmark" },
        ConductDate = "2026-01-05",
        ConductDescription = "Benchmark complaint.",
        Category = "conduct",
        Officers = { new InvolvedOfficer { OfficerId = "officer-1", Team = "AM-CEN" } },
    };

    /// <summary>100,000 complaints of 2026 over ten units, in every state; one in ten open and overdue.</summary>
    private static async Task SeedAsync(DirectoryInfo data, int count)
    {
        var options = new DbContextOptionsBuilder<SqliteComplaintsDbContext>().UseSqlite($"Data Source={Path.Combine(data.FullName, "complaints.db")}").Options;
        await using var db = new SqliteComplaintsDbContext(options);
        await db.Database.MigrateAsync();
        var random = new Random(7);
        var states = Enum.GetValues<Model.ComplaintState>();
        var now = DateTime.UtcNow;
        for (var batch = 0; batch < count; batch += 5_000)
        {
            for (var i = batch; i < Math.Min(count, batch + 5_000); i++)
            {
                var received = new DateOnly(2026, 1, 1).AddDays(random.Next(0, 300));
                var state = i % 10 == 0 ? Model.ComplaintState.PhaseTwo : states[random.Next(states.Length)];
                var complaint = new Model.Complaint
                {
                    Id = Guid.CreateVersion7().ToString(),
                    Fingerprint = "bench",
                    RegisteredBy = "bench",
                    Unit = Units[random.Next(Units.Length)],
                    ReceiveDate = received,
                    Channel = random.Next(1, 4),
                    ComplainantName = "Benchmark",
                    ConductDate = received.AddDays(-3),
                    ConductDescription = "Benchmark complaint.",
                    Officers = [new Model.InvolvedOfficer { OfficerId = "officer-1", Team = "AM-CEN" }],
                    Category = Categories[random.Next(Categories.Length)],
                    Status = state,
                    DecideDate = state is Model.ComplaintState.Decided or Model.ComplaintState.Declined or Model.ComplaintState.Resolved ? received.AddDays(random.Next(5, 60)) : null,
                    SelectionRecorded = random.Next(4) == 0,
                    CreatedAt = now,
                };
                complaint.DecisionDue = AwbDeadlines.DecisionDue(complaint);
                db.Complaints.Add(complaint);
            }

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }
}
