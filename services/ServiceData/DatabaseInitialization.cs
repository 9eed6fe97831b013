using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pvi.ServiceDefaults.Hosting;

namespace Pvi.ServiceData;

/// <summary>Whether the schema and seeds of <typeparamref name="TContext"/> are in place.</summary>
public sealed class DatabaseInitialization<TContext> : IHealthCheck, IStartupGate where TContext : DbContext
{
    private volatile bool _completed;

    public bool Completed => _completed;

    public string Name => "database " + typeof(TContext).Name;

    bool IStartupGate.IsOpen => _completed;

    internal void MarkCompleted() => _completed = true;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_completed ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The database is being initialized."));
}
