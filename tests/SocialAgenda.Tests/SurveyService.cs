using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Pvi.IntegrationEvents.Model;
using Pvi.ServiceDefaults.Authentication;
using Pvi.SocialAgenda.Infrastructure;
using Pvi.Survey.V1;
using Pvi.TestSupport;

namespace Pvi.SocialAgenda.Tests;

/// <summary>The real survey service on real sockets, with a fake clock and the seeded instrument.</summary>
public sealed class SurveyService : IAsyncDisposable
{
    /// <summary>Monday 5 October 2026, 12:00 in Amsterdam.</summary>
    public static readonly DateTimeOffset Start = new(2026, 10, 5, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The instrument of seeds/survey/instrument.json.</summary>
    public const string InstrumentId = "0192f000-0000-7000-8000-000000000001";

    private readonly ServiceUnderTest<Program> _service;

    private SurveyService(ServiceUnderTest<Program> service) => _service = service;

    public FakeTimeProvider Time => _service.Time;

    public Uri Grpc => _service.Grpc;

    public static async Task<SurveyService> StartAsync(string provider, PostgresServer? postgres, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Survey:SeedDemoWaves"] = "false" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new(await ServiceUnderTest<Program>.StartAsync("survey", provider, postgres, Start, all));
    }

    public SocialAgendaService.SocialAgendaServiceClient Client(SuiteUser user) => new(_service.Channel(user));

    public SocialAgendaService.SocialAgendaServiceClient Admin => Client(People.Administrator);

    public SocialAgendaService.SocialAgendaServiceClient Employee => Client(People.Employee);

    public SocialAgendaService.SocialAgendaServiceClient National => Client(People.National);

    public Task<T> DbAsync<T>(Func<SurveyDbContext, Task<T>> query) => _service.DbAsync(query);

    public Task<List<OutboxMessage>> OutboxAsync(string topic) =>
        DbAsync(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Topic == topic).OrderBy(m => m.Sequence).ToListAsync());

    /// <summary>The events of a topic in the outbox, in order, read from their CloudEvent's data.</summary>
    public async Task<List<T>> EventsAsync<T>(string topic) where T : Google.Protobuf.IMessage<T>, new() =>
        (await OutboxAsync(topic)).Select(m =>
        {
            using var document = System.Text.Json.JsonDocument.Parse(m.CloudEvent);
            return Google.Protobuf.JsonParser.Default.Parse<T>(document.RootElement.GetProperty("data").GetRawText());
        }).ToList();

    /// <summary>Rows of every table a response could touch.</summary>
    public Task<int> RowsAsync() => DbAsync(async db =>
        await db.Responses.CountAsync() + await db.PendingResponses.CountAsync() + await db.Comments.CountAsync()
        + await db.PendingComments.CountAsync() + await db.SpentInvitations.CountAsync() + await db.Set<OutboxMessage>().CountAsync());

    /// <summary>Creates and opens the wave of <paramref name="year"/> with invitations for each unit; returns the tokens per unit.</summary>
    public async Task<(Wave Wave, Dictionary<string, List<string>> Tokens)> OpenWaveAsync(int year, params (string Unit, int Count)[] units)
    {
        var wave = await Admin.CreateWaveAsync(new CreateWaveRequest { Year = year, Title = $"Sociale agenda {year}", InstrumentId = InstrumentId });
        var tokens = new Dictionary<string, List<string>>();
        foreach (var (unit, count) in units)
        {
            var issued = await Admin.IssueInvitationsAsync(new IssueInvitationsRequest { WaveId = wave.Id, Unit = unit, Count = count });
            tokens[unit] = [.. issued.Tokens];
        }

        return (await Admin.OpenWaveAsync(new OpenWaveRequest { Id = wave.Id }), tokens);
    }

    /// <summary>Submits a full response: every WHO-5 item <paramref name="who5"/>, every other scale item <paramref name="likert"/> (1-5).</summary>
    public Task<SubmissionReceipt> SubmitAsync(string token, int who5 = 3, int likert = 4, string? comment = null) =>
        Employee.SubmitResponseAsync(Response(token, who5, likert, comment)).ResponseAsync;

    public static SubmitResponseRequest Response(string token, int who5 = 3, int likert = 4, string? comment = null)
    {
        var request = new SubmitResponseRequest { Token = token };
        foreach (var id in PhysicalAndMoral.Concat(["mental-workload", "mental-aftercare"]))
        {
            request.Answers.Add(new Answer { QuestionId = id, Value = likert });
        }

        foreach (var i in Enumerable.Range(1, 5))
        {
            request.Answers.Add(new Answer { QuestionId = $"mental-who5-{i}", Value = who5 });
        }

        if (comment is not null)
        {
            request.Answers.Add(new Answer { QuestionId = "comment-improve", Text = comment });
        }

        return request;
    }

    public static readonly string[] PhysicalAndMoral =
    [
        "physical-sleep", "physical-roster", "physical-demands", "physical-fitness", "physical-complaints",
        "moral-speak-up", "moral-respect", "moral-dilemmas", "moral-leadership", "moral-undesirable",
    ];

    public ValueTask DisposeAsync() => _service.DisposeAsync();
}

/// <summary>The callers of the survey API.</summary>
public static class People
{
    public static readonly SuiteUser Administrator = new() { Id = "survey-admin", Name = "Administrator", Roles = [Roles.SurveyAdministrator, Roles.Employee], Unit = "PDC" };

    public static readonly SuiteUser Employee = new() { Id = "employee-1", Name = "Employee", Roles = [Roles.Employee], Unit = "AM" };

    public static readonly SuiteUser National = new() { Id = "national", Name = "National management", Roles = [Roles.NationalManagement, Roles.Employee], Unit = "PDC" };

    public static SuiteUser Management(string unit) => new() { Id = $"management-{unit}", Name = $"Management {unit}", Roles = [Roles.UnitManagement, Roles.Employee], Unit = unit };

    public static SuiteUser Other(string role, string unit = "AM") => new() { Id = $"other-{role}", Name = role, Roles = [role], Unit = unit };
}
