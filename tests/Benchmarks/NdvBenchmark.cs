using System.Diagnostics;
using HdrHistogram;
using Microsoft.EntityFrameworkCore;
using Pvi.IntegrationEvents;
using Pvi.IntegrationEvents.Publishing;
using Pvi.NdvMatching.Infrastructure;
using Pvi.NdvMatching.Matching;
using Pvi.TestSupport;
using Model = Pvi.NdvMatching.Model;

namespace Pvi.Benchmarks;

/// <summary>
/// NDV matching: how long ranking the candidates of one request takes against registers of 1,000
/// and 10,000 members (the service's own query and ranking on its own database). The main RPC's
/// throughput, direct and through the gateway, is measured by the performance run.
/// </summary>
public static class NdvBenchmark
{
    private static readonly string[] Tags =
    [
        "culture-moroccan", "culture-turkish", "culture-caribbean", "culture-surinamese", "culture-chinese", "culture-roma-sinti",
        "culture-eritrean", "culture-polish", "religion-islam", "religion-judaism", "religion-hinduism", "religion-christianity-orthodox",
        "mourning-rituals", "family-structures", "origin-middle-east", "origin-west-africa", "origin-horn-of-africa",
        "refugees-newcomers", "lgbtiq-support", "lgbtiq-community", "disability", "deaf-community",
    ];

    private static readonly string[] Units = ["NN", "ON", "MN", "NH", "AM", "DH", "RT", "ZWB", "OB", "LB", "LE"];
    private static readonly string[] Languages = ["ar", "tr", "nl", "en", "pap", "zh", "ber", "fa", "pl", "ti"];

    public static async Task RunAsync(bool postgres)
    {
        Console.WriteLine($"NDV matching; {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("Ranking one request (2 tags, 1 language; members with 2 to 4 random tags of 22, all with consent, 1 in 10 with hours used):");
        Console.WriteLine();
        Console.WriteLine("| store | members | eligible | runs | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var members in new[] { 1_000, 10_000 })
        {
            var sqlite = $"Data Source={Path.Combine(Directory.CreateTempSubdirectory("pvi-bench-ndv-").FullName, "ndv.db")}";
            await RankingAsync("SQLite", members, new DbContextOptionsBuilder<SqliteNdvDbContext>().UseSqlite(sqlite).Options, o => new SqliteNdvDbContext(o));
        }

        if (postgres)
        {
            await using var server = new PostgresServer();
            await server.InitializeAsync();
            foreach (var members in new[] { 1_000, 10_000 })
            {
                var connection = await server.CreateDatabaseAsync("bench_ndv");
                await RankingAsync("PostgreSQL", members, new DbContextOptionsBuilder<PostgresNdvDbContext>().UseNpgsql(connection).Options, o => new PostgresNdvDbContext(o));
            }
        }
        else
        {
            Console.WriteLine("| PostgreSQL | (install PostgreSQL or set PVI_TEST_POSTGRES to measure) | | | | | |");
        }
    }

    private static async Task RankingAsync<TContext>(string store, int count, DbContextOptions<TContext> options, Func<DbContextOptions<TContext>, TContext> create)
        where TContext : NdvDbContext
    {
        await using var db = create(options);
        await db.Database.MigrateAsync();
        var now = DateTime.UtcNow;
        var random = new Random(42);
        db.Units.AddRange(Units.Select(u => new Model.Unit { Code = u, Name = u }));
        db.BudgetGuidelines.Add(new Model.BudgetGuideline { Scope = Model.BudgetGuideline.National, HoursPerPeriod = 36, UpdatedAt = now });
        var request = new Model.ExpertiseRequest
        {
            Id = Guid.CreateVersion7().ToString(),
            Fingerprint = "benchmark",
            RequestedBy = "benchmark",
            Unit = "AM",
            NeededExpertise = ["mourning-rituals", "religion-islam"],
            Languages = ["ar"],
            Urgency = Model.RequestUrgency.Normal,
            ExpectedMinutes = 240,
            Description = "benchmark",
            Status = Model.RequestStatus.Offered,
            CreatedAt = now,
        };
        var past = new Model.ExpertiseRequest
        {
            Id = Guid.CreateVersion7().ToString(),
            Fingerprint = "benchmark-past",
            RequestedBy = "benchmark",
            Unit = "RT",
            NeededExpertise = ["mourning-rituals"],
            Urgency = Model.RequestUrgency.Normal,
            ExpectedMinutes = 120,
            Description = "benchmark",
            Status = Model.RequestStatus.Completed,
            CreatedAt = now,
        };
        db.Requests.AddRange(request, past);
        for (var i = 0; i < count; i++)
        {
            var id = $"ndv-{i:D6}";
            var unit = Units[random.Next(Units.Length)];
            db.Members.Add(new Model.Member
            {
                Id = id,
                Name = id,
                HomeUnit = unit,
                ExpertiseTags = Tags.OrderBy(_ => random.Next()).Take(random.Next(2, 5)).ToList(),
                Languages = Languages.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToList(),
                ConsentActive = true,
                CreatedAt = now,
                UpdatedAt = now,
            });
            if (i % 10 == 0)
            {
                db.Offers.Add(new Model.Offer
                {
                    Id = Guid.CreateVersion7().ToString(),
                    RequestId = past.Id,
                    MemberId = id,
                    MemberUnit = unit,
                    RequestUnit = past.Unit,
                    Rank = 1,
                    Status = Model.OfferState.Completed,
                    OfferedAt = now,
                    ExpiresAt = now,
                    ExpectedMinutes = 120,
                    SpentMinutes = random.Next(30, 600),
                    CompletedAt = now,
                });
            }
        }

        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var settings = new EventsSettings { AppId = Apps.NdvMatching };
        var ndvOptions = new NdvOptions();
        var matcher = new ExpertiseMatcher(db, new DutyBudgets(db, new BudgetPeriods(ndvOptions, new Pvi.ServiceDefaults.Time.LocalCalendar(TimeProvider.System, ndvOptions.TimeZone))), new Outbox<NdvDbContext>(db, SuiteEvents.Catalog, settings, TimeProvider.System), ndvOptions, TimeProvider.System);
        var histogram = new LongHistogram(TimeStamp.Minutes(1), 3);
        var eligible = 0;
        const int runs = 200;
        for (var run = -20; run < runs; run++)
        {
            var started = Stopwatch.GetTimestamp();
            eligible = (await matcher.ProposeAsync(request, CancellationToken.None)).Count;
            if (run >= 0)
            {
                histogram.RecordValue((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
        }

        Console.WriteLine($"| {store} | {count:N0} | {eligible:N0} | {runs} | {Ms(histogram, 50)} | {Ms(histogram, 99)} | {histogram.GetMaxValue() / 1000.0:F1} |");
    }

    private static string Ms(LongHistogram histogram, double percentile) => (histogram.GetValueAtPercentile(percentile) / 1000.0).ToString("F2");
}
