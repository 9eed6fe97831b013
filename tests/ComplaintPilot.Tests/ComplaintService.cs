using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pvi.ComplaintPilot.Handling;
using Pvi.ComplaintPilot.Infrastructure;
using Pvi.Complaints.V1;
using Pvi.IntegrationEvents.Model;
using Pvi.ServiceDefaults.Authentication;
using Pvi.TestSupport;

namespace Pvi.ComplaintPilot.Tests;

/// <summary>The real complaint service on real sockets, with a fake clock; pilot units AM, RT and DH (appsettings).</summary>
public sealed class ComplaintService : IAsyncDisposable
{
    /// <summary>Tuesday 12 May 2026, 11:00 in Amsterdam.</summary>
    public static readonly DateTimeOffset Start = new(2026, 5, 12, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceUnderTest<Program> _service;

    private ComplaintService(ServiceUnderTest<Program> service) => _service = service;

    public FakeTimeProvider Time => _service.Time;

    public Uri Http => _service.Http;

    /// <param name="ndvGrpc">Where the NDV service is (or will be); by default a port nobody listens on.</param>
    /// <param name="services">Registrations added to the service's own (a test's interceptor, say).</param>
    public static async Task<ComplaintService> StartAsync(
        string provider, PostgresServer? postgres, Uri? ndvGrpc = null, bool seedDemo = false, Action<IServiceCollection>? services = null) =>
        new(await ServiceUnderTest<Program>.StartAsync("complaints", provider, postgres, Start, new Dictionary<string, string?>
        {
            // The fake clock moves by days in these tests: its timers tick hourly, not every few seconds.
            ["Complaints:DeadlineCheckInterval"] = "01:00:00",
            ["Complaints:NdvRetryInterval"] = "01:00:00",
            ["Complaints:SeedDemoComplaints"] = seedDemo ? "true" : "false",
            ["Services:ndv:Grpc"] = (ndvGrpc ?? new Uri($"http://127.0.0.1:{FreePort.Next()}")).ToString(),
        }, services));

    /// <summary>Asks the NDV service for pending representatives once, as the clock does.</summary>
    public async Task<int> RequestRepresentativesAsync()
    {
        await using var scope = _service.Scope();
        return await scope.ServiceProvider.GetRequiredService<NdvRepresentatives>().RequestPendingAsync(CancellationToken.None);
    }

    public ComplaintPilotService.ComplaintPilotServiceClient Client(SuiteUser user) => new(_service.Channel(user));

    public Task<T> DbAsync<T>(Func<ComplaintsDbContext, Task<T>> query) => _service.DbAsync(query);

    public Task<List<string>> OutboxTopicsAsync(string subject) =>
        DbAsync(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Subject == subject).OrderBy(m => m.Sequence).Select(m => m.Topic).ToListAsync());

    /// <summary>Runs the deadline clock once, as its timer does.</summary>
    public async Task<int> CheckDeadlinesAsync()
    {
        await using var scope = _service.Scope();
        return await scope.ServiceProvider.GetRequiredService<DeadlineWatch>().RunAsync(CancellationToken.None);
    }

    /// <summary>Runs the erasure once, as the clock does.</summary>
    public async Task<int> EraseAsync()
    {
        await using var scope = _service.Scope();
        return await scope.ServiceProvider.GetRequiredService<ComplainantErasure>().RunAsync(CancellationToken.None);
    }

    public Task<int> RowsAsync() => DbAsync(async db => await db.Complaints.CountAsync() + await db.History.CountAsync() + await db.Set<OutboxMessage>().CountAsync());

    public ValueTask DisposeAsync() => _service.DisposeAsync();
}

/// <summary>The callers of the complaint API.</summary>
public static class People
{
    public static SuiteUser Handler(string unit = "AM", string id = "handler-1", string team = "AM-ZUI") =>
        new() { Id = id, Name = id, Roles = [Roles.ComplaintHandler], Unit = unit, Team = team };

    public static SuiteUser Coordinator(string unit = "AM") =>
        new() { Id = $"coordinator-{unit}", Name = "Coordinator", Roles = [Roles.ComplaintCoordinator, Roles.ComplaintHandler], Unit = unit };

    public static SuiteUser Committee(string unit = "AM") =>
        new() { Id = $"committee-{unit}", Name = "Committee", Roles = [Roles.ComplaintsCommittee], Unit = unit };

    public static SuiteUser Other(string role, string unit = "AM") => new() { Id = $"other-{role}", Name = role, Roles = [role], Unit = unit };
}
