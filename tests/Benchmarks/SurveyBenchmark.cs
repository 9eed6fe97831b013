using System.Diagnostics;
using System.Text.Json;
using HdrHistogram;
using Microsoft.EntityFrameworkCore;
using Pvi.ServiceDefaults.Authentication;
using Pvi.SocialAgenda.Infrastructure;
using Pvi.SocialAgenda.Results;
using Pvi.Survey.V1;
using Pvi.TestSupport;
using Model = Pvi.SocialAgenda.Model;

namespace Pvi.Benchmarks;

/// <summary>
/// Sociale agenda: the time to compute all results of a wave with 60,000 responses over 13
/// units (in process on SQLite, and on PostgreSQL when given; then CloseWave on the real service
/// behind the gateway), and SubmitResponse's throughput through the gateway.
/// </summary>
public static class SurveyBenchmark
{
    private static readonly (string Unit, int Share)[] Units =
    [
        ("AM", 16), ("RT", 15), ("DH", 11), ("MN", 11), ("NH", 8), ("OB", 8), ("ON", 8), ("ZWB", 7), ("LB", 6), ("NN", 5), ("LE", 3), ("PDC", 2),
    ];

    public static async Task RunAsync(TimeSpan duration, bool postgres, int responses = 60_000)
    {
        var data = Directory.CreateTempSubdirectory("pvi-bench-survey-");
        var sqlite = new DbContextOptionsBuilder<SqliteSurveyDbContext>().UseSqlite($"Data Source={Path.Combine(data.FullName, "survey.db")}").Options;
        var seeding = Stopwatch.StartNew();
        var waveId = await SeedAsync(() => new SqliteSurveyDbContext(sqlite), responses);
        Console.WriteLine($"Sociale agenda; {Environment.ProcessorCount} cores; a wave of {responses:N0} responses over 13 units (PA with 4, suppressed) seeded in {seeding.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine();
        LatencyTable.PrintHeader();

        await LatencyTable.TimeAsync("all results of the wave, SQLite (WaveResults.ComputeAsync)", 10, () => ComputeAsync(() => new SqliteSurveyDbContext(sqlite), waveId));
        if (postgres)
        {
            await using var server = new PostgresServer();
            await server.InitializeAsync();
            var options = new DbContextOptionsBuilder<PostgresSurveyDbContext>().UseNpgsql(await server.CreateDatabaseAsync("survey_bench")).Options;
            var pgWave = await SeedAsync(() => new PostgresSurveyDbContext(options), responses);
            await LatencyTable.TimeAsync("all results of the wave, PostgreSQL (WaveResults.ComputeAsync)", 10, () => ComputeAsync(() => new PostgresSurveyDbContext(options), pgWave));
        }

        await using var processes = await ServiceBehindGateway.StartAsync("SocialAgenda", "survey", new Dictionary<string, string> { ["Survey__SeedDemoWaves"] = "false" }, data);
        using var adminChannel = Channels.Grpc(processes.GatewayGrpc, TestTokens.For(new SuiteUser { Id = "bench-admin", Name = "bench", Roles = [Roles.SurveyAdministrator], Unit = "PDC" }));
        using var nationalChannel = Channels.Grpc(processes.GatewayGrpc, TestTokens.For(new SuiteUser { Id = "bench-national", Name = "bench", Roles = [Roles.NationalManagement], Unit = "PDC" }));
        using var employeeChannel = Channels.Grpc(processes.GatewayGrpc, TestTokens.For(new SuiteUser { Id = "bench-employee", Name = "bench", Roles = [Roles.Employee], Unit = "AM" }));
        var admin = new SocialAgendaService.SocialAgendaServiceClient(adminChannel);
        var national = new SocialAgendaService.SocialAgendaServiceClient(nationalChannel);
        var employee = new SocialAgendaService.SocialAgendaServiceClient(employeeChannel);

        var closing = Stopwatch.StartNew();
        await admin.CloseWaveAsync(new CloseWaveRequest { Id = waveId }, deadline: DateTime.UtcNow.AddMinutes(5));
        LatencyTable.Print("CloseWave through the gateway: release, compute, snapshot, 14 events", 1, 1 / closing.Elapsed.TotalSeconds, Single(closing.Elapsed), 0);
        await LatencyTable.TimeAsync("national results of the closed wave (GetNationalResults)", 30, () => national.GetNationalResultsAsync(new GetNationalResultsRequest { WaveId = waveId }).ResponseAsync);

        // A new wave, invitations enough for the warm-up and the run, then 16 respondents at a time.
        var wave = await admin.CreateWaveAsync(new CreateWaveRequest { Year = DateTime.UtcNow.Year + 1, Title = "Benchmark", InstrumentId = await InstrumentIdAsync() });
        var tokens = await MainRpc.IssueInvitationsAsync(
            admin, wave.Id, MainRpc.InvitationsFor(PerfBenchmark.WarmUpLimit(duration) + duration), Units.Take(5).Select(u => u.Unit).ToList());

        await admin.OpenWaveAsync(new OpenWaveRequest { Id = wave.Id });
        var template = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(Repository.PathOf("seeds", "survey", "instrument.json")));
        var questions = template.GetProperty("questions").EnumerateArray().Where(q => !q.TryGetProperty("kind", out _)).Select(q => (Id: q.GetProperty("id").GetString()!, Min: q.GetProperty("scaleMin").GetInt32(), Max: q.GetProperty("scaleMax").GetInt32())).ToList();
        var next = -1;
        await LatencyTable.ClosedLoopAsync("SubmitResponse through the gateway, 16 in flight", 16, duration, (_, _) =>
        {
            var index = Interlocked.Increment(ref next);
            if (index >= tokens.Count)
            {
                return null;
            }

            var request = new SubmitResponseRequest { Token = tokens[index] };
            request.Answers.AddRange(questions.Select(q => new Answer { QuestionId = q.Id, Value = Random.Shared.Next(q.Min, q.Max + 1) }));
            return employee.SubmitResponseAsync(request, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync;
        });
    }

    private static async Task<string> InstrumentIdAsync() =>
        JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(Repository.PathOf("seeds", "survey", "instrument.json"))).GetProperty("id").GetString()!;

    private static async Task<int> ComputeAsync(Func<SurveyDbContext> context, string waveId)
    {
        await using var db = context();
        var wave = await db.Waves.AsNoTracking().SingleAsync(w => w.Id == waveId);
        var results = await WaveResults.ComputeAsync(db, wave, new Thresholds(5, 10), CancellationToken.None);
        return results.Units.Count;
    }

    /// <summary>The instrument of seeds/ and an open wave with synthetic responses spread over 13 units.</summary>
    private static async Task<string> SeedAsync(Func<SurveyDbContext> context, int count)
    {
        await using var db = context();
        await db.Database.MigrateAsync();
        var seed = JsonSerializer.Deserialize<InstrumentSeed>(await File.ReadAllTextAsync(Repository.PathOf("seeds", "survey", "instrument.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        db.Instruments.Add(new Model.Instrument
        {
            Id = seed.Id, Code = seed.Code, Version = 1, Title = seed.Title, State = Model.InstrumentState.Published, Questions = seed.Questions,
            CreatedAt = DateTime.UtcNow, PublishedAt = DateTime.UtcNow,
        });
        var wave = new Model.Wave
        {
            Id = Guid.CreateVersion7().ToString(), Year = 2026, Title = "Benchmark 2026", InstrumentId = seed.Id, State = Model.WaveState.Open,
            CreatedAt = DateTime.UtcNow, OpenedAt = DateTime.UtcNow,
        };
        db.Waves.Add(wave);
        var units = Units.Append(("PA", 0)).ToArray();
        db.WaveUnits.AddRange(units.Select(u => new Model.WaveUnit { WaveId = wave.Id, Unit = u.Item1, Invited = 1_000 }));
        await db.SaveChangesAsync();

        var random = new Random(60_000);
        var totalShare = Units.Sum(u => u.Share);
        var perUnit = units.Select(u => (u.Item1, Size: u.Item1 == "PA" ? 4 : (count - 4) * u.Item2 / totalShare)).ToList();
        perUnit[0] = (perUnit[0].Item1, perUnit[0].Size + count - perUnit.Sum(u => u.Size));
        var added = 0;
        foreach (var (unit, size) in perUnit)
        {
            for (var i = 0; i < size; i++)
            {
                db.Responses.Add(new Model.SurveyResponse
                {
                    Id = Guid.NewGuid().ToString(), WaveId = wave.Id, Unit = unit, Day = new DateOnly(2026, 10, 1),
                    Answers = InstrumentScoring.Encode(seed.Questions.Select(q => q.Kind == Model.QuestionKind.Scale ? random.Next(q.ScaleMin, q.ScaleMax + 1) : (int?)null).ToList()),
                });
                if (++added % 5_000 == 0)
                {
                    await db.SaveChangesAsync();
                    db.ChangeTracker.Clear();
                }
            }
        }

        await db.SaveChangesAsync();
        return wave.Id;
    }

    private static LongHistogram Single(TimeSpan elapsed)
    {
        var histogram = new LongHistogram(TimeStamp.Minutes(10), 3);
        histogram.RecordValue((long)elapsed.TotalMicroseconds);
        return histogram;
    }


    private sealed record InstrumentSeed(string Id, string Code, string Title, List<Model.QuestionDefinition> Questions);
}
