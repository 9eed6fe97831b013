using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pvi.IntegrationEvents.Model;
using Pvi.Ndv.V1;
using Pvi.NdvMatching.Infrastructure;
using Pvi.ServiceDefaults.Authentication;
using Pvi.TestSupport;

namespace Pvi.NdvMatching.Tests;

/// <summary>The real NDV matching service on real sockets with a fake clock and an empty member register.</summary>
public sealed class NdvService : IAsyncDisposable
{
    public const string Sqlite = ServiceUnderTest<Program>.Sqlite;
    public const string Postgres = ServiceUnderTest<Program>.Postgres;

    /// <summary>A Tuesday in the second quarter, 11:00 in Amsterdam.</summary>
    public static readonly DateTimeOffset Start = new(2026, 5, 12, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceUnderTest<Program> _service;

    private NdvService(ServiceUnderTest<Program> service) => _service = service;

    public FakeTimeProvider Time => _service.Time;

    public Uri Http => _service.Http;

    public Uri Grpc => _service.Grpc;

    public static async Task<NdvService> StartAsync(string provider, PostgresServer? postgres, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(await ServiceUnderTest<Program>.StartAsync("ndv", provider, postgres, Start, settings ?? new Dictionary<string, string?> { ["Ndv:SeedDemoMembers"] = "false" }));

    public NdvMatchingService.NdvMatchingServiceClient Client(SuiteUser user) => new(_service.Channel(user));

    public AsyncServiceScope Scope() => _service.Scope();

    public Task<T> DbAsync<T>(Func<NdvDbContext, Task<T>> query) => _service.DbAsync(query);

    /// <summary>
    /// Delivers an event to the service's subscriber endpoint the way the relay or Dapr does (a new
    /// CloudEvent id each time unless <paramref name="id"/> is given); the subscriber's answer.
    /// </summary>
    public async Task<string> DeliverAsync(string topic, Google.Protobuf.IMessage @event, Guid? id = null)
    {
        var cloudEvent = Pvi.IntegrationEvents.Publishing.CloudEvents.Create(id ?? Guid.NewGuid(), "/pvi/test", topic, "pubsub", "test", @event, DateTime.UtcNow, null);
        using var http = new HttpClient { BaseAddress = Http };
        using var delivered = await http.PostAsync(new Uri($"/events/{topic}", UriKind.Relative), new StringContent(cloudEvent, System.Text.Encoding.UTF8, Pvi.IntegrationEvents.Publishing.CloudEvents.ContentType));
        delivered.EnsureSuccessStatusCode();
        using var answer = System.Text.Json.JsonDocument.Parse(await delivered.Content.ReadAsStringAsync());
        return answer.RootElement.GetProperty("status").GetString()!;
    }

    /// <summary>The topics of the events the service has put in its outbox, in order.</summary>
    public Task<List<string>> OutboxTopicsAsync(string subject) =>
        DbAsync(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Subject == subject).OrderBy(m => m.Sequence).Select(m => m.Topic).ToListAsync());

    /// <summary>Row counts of the tables a write would touch, to prove a refused call wrote nothing.</summary>
    public Task<(int Members, int Requests, int Offers, int History, int Outbox)> CountsAsync() =>
        DbAsync(async db => (
            await db.Members.CountAsync(),
            await db.Requests.CountAsync(),
            await db.Offers.CountAsync(),
            await db.History.CountAsync(),
            await db.Set<OutboxMessage>().CountAsync()));

    public ValueTask DisposeAsync() => _service.DisposeAsync();
}

/// <summary>The callers of the NDV API.</summary>
public static class Users
{
    public static SuiteUser Team(string unit, string team = "") => new()
    {
        Id = $"team-{unit}-{team}",
        Name = $"Basisteam {unit}",
        Roles = [Roles.BasicTeam, Roles.Employee],
        Unit = unit,
        Team = string.IsNullOrEmpty(team) ? $"{unit}-CEN" : team,
    };

    public static SuiteUser Coordinator(string unit) => new() { Id = $"coordinator-{unit}", Name = $"Coordinator {unit}", Roles = [Roles.NdvCoordinator], Unit = unit };

    public static SuiteUser National { get; } = new()
    {
        Id = "national",
        Name = "National coordinator",
        Roles = [Roles.NdvNationalCoordinator, Roles.NdvCoordinator],
        Unit = "PDC",
    };

    public static SuiteUser Member(string memberId, string unit = "AM") => new()
    {
        Id = $"user-{memberId}",
        Name = memberId,
        Roles = [Roles.NdvMember, Roles.Employee],
        Unit = unit,
        NdvMember = memberId,
    };

    public static SuiteUser Other(string role, string unit = "AM") => new() { Id = $"other-{role}", Name = role, Roles = [role], Unit = unit };
}

