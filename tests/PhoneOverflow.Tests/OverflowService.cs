using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pvi.IntegrationEvents.Subscribing;
using Pvi.Ndv.V1;
using Pvi.Overflow.V1;
using Pvi.PhoneOverflow.Infrastructure;
using Pvi.PhoneOverflow.EventHandlers;
using Pvi.PhoneOverflow.Routing;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceData;
using Pvi.TestSupport;

namespace Pvi.PhoneOverflow.Tests;

/// <summary>The real phone overflow service on real sockets, with a fake clock, the seeded RSCs and nobody signed in.</summary>
public sealed class OverflowService : IAsyncDisposable
{
    /// <summary>A Tuesday, 11:00 in Amsterdam: every seeded RSC is open.</summary>
    public static readonly DateTimeOffset Start = new(2026, 5, 12, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceUnderTest<Program> _service;

    private OverflowService(ServiceUnderTest<Program> service) => _service = service;

    public FakeTimeProvider Time => _service.Time;

    public Uri Http => _service.Http;

    public Uri Grpc => _service.Grpc;

    public static async Task<OverflowService> StartAsync(string provider, PostgresServer? postgres, DateTimeOffset? start = null, bool demo = false) =>
        new(await ServiceUnderTest<Program>.StartAsync("overflow", provider, postgres, start ?? Start, Settings(demo)));

    private static Dictionary<string, string?> Settings(bool demo) => new()
    {
        ["Overflow:SeedDemoPeople"] = demo ? "true" : "false",
        ["Overflow:SeedDemoHistory"] = demo ? "true" : "false",
        // The clock's work runs when a test moves the fake clock.
        ["Overflow:TimerInterval"] = "00:00:01",
    };

    /// <summary>
    /// A second replica of the service on this one's database (the same SQLite folder or PostgreSQL
    /// database), its clock at this one's time: what one replica writes, the other reads.
    /// </summary>
    public async Task<OverflowService> StartReplicaAsync()
    {
        await using var scope = _service.Scope();
        var configuration = scope.ServiceProvider.GetRequiredService<IConfiguration>();
        var database = configuration["Database:Provider"]!;
        var settings = Settings(demo: false);
        settings["Database:DataFolder"] = configuration["Database:DataFolder"];
        settings["ConnectionStrings:overflow"] = configuration.GetConnectionString("overflow");
        return new(await ServiceUnderTest<Program>.StartAsync("overflow", database, postgres: null, Time.GetUtcNow(), settings, reuseDatabase: true));
    }

    public PhoneOverflowService.PhoneOverflowServiceClient Client(SuiteUser user) => new(_service.Channel(user));

    public PhoneOverflowService.PhoneOverflowServiceClient Platform => Client(People.Platform);

    public Task<T> DbAsync<T>(Func<OverflowDbContext, Task<T>> query) => _service.DbAsync(query);

    /// <summary>A member event from the NDV register, applied as the subscriber pipeline applies it.</summary>
    public async Task MemberChangedAsync(string memberId, bool rozeInBlauw = true, bool consent = true, string unit = "RT")
    {
        await using var scope = _service.Scope();
        var db = scope.ServiceProvider.GetRequiredService<OverflowDbContext>();
        var changed = new MemberChanged { MemberId = memberId, Name = $"Member {memberId}", HomeUnit = unit, ConsentActive = consent, ChangeTime = Timestamp.FromDateTimeOffset(Time.GetUtcNow()) };
        if (rozeInBlauw)
        {
            changed.Networks.Add(MemberChangedHandler.RozeInBlauw);
        }

        await db.RunAsync(async ct =>
        {
            await new MemberChangedHandler(db, Time).HandleAsync(changed, new IntegrationEventContext(Guid.NewGuid().ToString(), MemberChanged.Descriptor.FullName, memberId, "/pvi/ndv-matching"), ct);
            return await db.SaveChangesAsync(ct);
        }, CancellationToken.None);
    }

    /// <summary>Runs the switchboard's clock once, as the timer does on its tick.</summary>
    public async Task SweepAsync()
    {
        await using var scope = _service.Scope();
        await scope.ServiceProvider.GetRequiredService<Switchboard>().SweepAsync(CancellationToken.None);
    }

    public Task<int> StepCountAsync() => DbAsync(db => db.CallSteps.CountAsync());

    public ValueTask DisposeAsync() => _service.DisposeAsync();
}

/// <summary>The callers of the overflow API.</summary>
public static class People
{
    public static SuiteUser Platform { get; } = new() { Id = "telephony", Name = "Telefonieplatform", Roles = [Roles.TelephonyPlatform] };

    public static SuiteUser Coordinator { get; } = new() { Id = "overflow-coordinator", Name = "Coordinator", Roles = [Roles.OverflowCoordinator], Unit = "PDC" };

    public static SuiteUser Operator(string id, string rsc) => new() { Id = id, Name = $"Operator {id}", Roles = [Roles.RscOperator], Rsc = rsc, Unit = rsc[4..] };

    public static SuiteUser Member(string memberId) => new() { Id = $"user-{memberId}", Name = memberId, Roles = [Roles.NdvMember], NdvMember = memberId, Unit = "RT" };
}
