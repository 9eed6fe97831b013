using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Configuration;

namespace Pvi.ServiceDefaults.Hosting;

/// <summary>
/// Bounds the unary calls a service works on at once (<c>Grpc:MaxConcurrentCalls</c>); the calls
/// beyond it wait their turn in arrival order (up to <c>Grpc:MaxQueuedCalls</c>, or until their
/// caller gives up) before anything of theirs is made (their database context and connection
/// included), and a call beyond the queue is refused at once with UNAVAILABLE, which clients retry.
/// A burst of calls then costs the service its queue, not a connection, a page cache and a thread
/// for each of them at once: a SQLite service opened a connection per call in flight (thousands,
/// holding 1.4 GB, under a burst at its start), a PostgreSQL one would exhaust its pool. Streaming
/// calls (live views that stay open for hours) are not counted.
/// </summary>
public sealed class CallLimitInterceptor : Interceptor, IDisposable
{
    public const int DefaultMaxConcurrentCalls = 64;
    public const int DefaultMaxQueuedCalls = 10_000;

    public const string MeterName = $"{Extensions.TelemetryPrefix}.ServiceDefaults.Calls";

    private readonly ConcurrencyLimiter _limiter;
    private readonly Counter<long> _refused;

    public CallLimitInterceptor(IConfiguration configuration, IMeterFactory meters)
    {
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, configuration.GetValue("Grpc:MaxConcurrentCalls", DefaultMaxConcurrentCalls)),
            QueueLimit = Math.Max(0, configuration.GetValue("Grpc:MaxQueuedCalls", DefaultMaxQueuedCalls)),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        var meter = meters.Create(MeterName);
        _refused = meter.CreateCounter<long>(
            "pvi.rpc.server.calls_refused_busy", unit: "{call}", description: "Unary calls refused with UNAVAILABLE because the service's queue of calls was full");
        meter.CreateObservableGauge(
            "pvi.rpc.server.calls_queued", () => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0, unit: "{call}",
            description: "Unary calls waiting for their turn");
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        using var lease = await _limiter.AcquireAsync(1, context.CancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            _refused.Add(1);
            throw new RpcException(new Status(StatusCode.Unavailable, "The service is busy; try again shortly."));
        }

        return await continuation(request, context).ConfigureAwait(false);
    }

    public void Dispose() => _limiter.Dispose();
}
