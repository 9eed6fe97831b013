using System.Diagnostics.Metrics;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Pvi.Echo.V1;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceDefaults.Hosting;
using Pvi.TestSupport;

namespace Pvi.ServiceDefaults.Tests;

/// <summary>A burst of calls costs a service a queue, not its resources: past its limit calls wait their turn, past the queue they are refused at once.</summary>
public sealed class CallLimitTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Calls_beyond_the_limit_wait_their_turn_in_order_and_beyond_the_queue_are_refused_with_UNAVAILABLE()
    {
        await using var host = await TestHost.StartEchoAsync(settings: new Dictionary<string, string?>
        {
            ["Grpc:MaxConcurrentCalls"] = "2",
            ["Grpc:MaxQueuedCalls"] = "1",
        });
        var counters = host.App.Services.GetRequiredService<EchoCounters>();
        using var queued = QueuedCalls(host);
        var client = new EchoService.EchoServiceClient(host.GrpcChannel(TestTokens.For(Roles.Employee)));
        using var first = new CancellationTokenSource();
        using var others = new CancellationTokenSource();

        // Two calls work; the third waits for a turn.
        using var a = client.HoldAsync(new HoldRequest { Key = "a" }, cancellationToken: first.Token);
        using var b = client.HoldAsync(new HoldRequest { Key = "b" }, cancellationToken: others.Token);
        await Eventually.UntilAsync(() => counters.Value("holding:a") + counters.Value("holding:b") == 2, Bound, () => "two calls at work");
        using var c = client.HoldAsync(new HoldRequest { Key = "c" }, cancellationToken: others.Token);
        await Eventually.UntilAsync(() => queued.Read() == 1, Bound, () => "the third call waiting for its turn");

        // The queue is full: the fourth is refused at once; a streaming call is not counted.
        var refused = await Assert.ThrowsAsync<RpcException>(() => client.EchoAsync(new EchoRequest { Message = "d" }).ResponseAsync);
        var streamed = 0;
        using (var stream = client.EchoStream(new EchoStreamRequest { Message = "live", Count = 3 }))
        {
            await foreach (var _ in stream.ResponseStream.ReadAllAsync())
            {
                streamed++;
            }
        }

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("busy", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(3, streamed);
        Assert.Equal(0, counters.Value("holding:c"));

        // A call that ends hands its turn to the one waiting.
        first.Cancel();
        await Eventually.UntilAsync(() => counters.Value("holding:c") == 1, Bound, () => "the waiting call at work");
        Assert.Equal(0, queued.Read());
        others.Cancel();
    }

    /// <summary>The host's <c>pvi.rpc.server.calls_queued</c>, as a metrics exporter reads it.</summary>
    private static Gauge QueuedCalls(TestHost host) => new(host.App.Services.GetRequiredService<IMeterFactory>());

    private sealed class Gauge : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _value;

        public Gauge(IMeterFactory scope)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, scope) && instrument.Meter.Name == CallLimitInterceptor.MeterName && instrument.Name == "pvi.rpc.server.calls_queued")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Exchange(ref _value, value));
            _listener.Start();
        }

        public long Read()
        {
            _listener.RecordObservableInstruments();
            return Interlocked.Read(ref _value);
        }

        public void Dispose() => _listener.Dispose();
    }
}
