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

/// <summary>
/// The real NDV matching service (its Program, appsettings and migrations) on real loopback
/// sockets, on SQLite or PostgreSQL, with a fake clock and an empty member register.
/// </summary>
public sealed class NdvService : IAsyncDisposable
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    /// <summary>A Tuesday in the second quarter, 11:00 in Amsterdam.</summary>
    public static readonly DateTimeOffset Start = new(2026, 5, 12, 9, 0, 0, TimeSpan.Zero);

    private readonly ProgramOnKestrel<Program> _program;
    private readonly List<GrpcChannelOwner> _channels = [];

    private NdvService(ProgramOnKestrel<Program> program, FakeTimeProvider time)
    {
        _program = program;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public Uri Http => _program.Http;

    public Uri Grpc => _program.Grpc;

    public static async Task<NdvService> StartAsync(string provider, PostgresServer? postgres, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ndv:SeedDemoMembers"] = "false",
            ["Database:Provider"] = provider,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (provider == Postgres)
        {
            settings["ConnectionStrings:ndv"] = await postgres!.CreateDatabaseAsync("ndv");
        }
        else
        {
            settings["Database:DataFolder"] = Directory.CreateTempSubdirectory("pvi-ndv-").FullName;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var time = new FakeTimeProvider(Start);
        var service = new NdvService(ProgramOnKestrel<Program>.Start(settings, services: s => s.AddSingleton<TimeProvider>(time)), time);
        using var http = new HttpClient();
        await Eventually.UntilAsync(
            async () => (await http.GetAsync(new Uri(service.Http, "/health/ready"))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60), () => "the NDV service is ready");
        return service;
    }

    public NdvMatchingService.NdvMatchingServiceClient Client(SuiteUser user)
    {
        var owner = new GrpcChannelOwner(Channels.Grpc(Grpc, TestTokens.For(user)));
        _channels.Add(owner);
        return new NdvMatchingService.NdvMatchingServiceClient(owner.Channel);
    }

    public AsyncServiceScope Scope() => _program.Services.CreateAsyncScope();

    public async Task<T> DbAsync<T>(Func<NdvDbContext, Task<T>> query)
    {
        await using var scope = _program.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<NdvDbContext>());
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

    public async ValueTask DisposeAsync()
    {
        foreach (var owner in _channels)
        {
            owner.Channel.Dispose();
        }

        await _program.DisposeAsync();
    }

    private sealed record GrpcChannelOwner(global::Grpc.Net.Client.GrpcChannel Channel);
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

public static class RpcAssert
{
    public static async Task<RpcException> FailsAsync(StatusCode expected, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(expected, error.StatusCode);
        return error;
    }

    /// <summary>The field paths of the BadRequest in an INVALID_ARGUMENT answer.</summary>
    public static IReadOnlyList<string> Violations(RpcException error)
    {
        var status = error.GetRpcStatus() ?? throw new Xunit.Sdk.XunitException("The error carries no google.rpc.Status.");
        var badRequest = status.GetDetail<Google.Rpc.BadRequest>() ?? throw new Xunit.Sdk.XunitException("The status carries no BadRequest.");
        return badRequest.FieldViolations.Select(v => v.Field).ToList();
    }
}
