using Grpc.Core;
using Pvi.Echo.V1;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.TestSupport;

/// <summary>The bare echo service on the suite's stack (see protos/pvi/echo/v1/echo.proto).</summary>
public sealed class EchoGrpcService(EchoCounters counters) : EchoService.EchoServiceBase
{
    public override Task<CountResponse> Count(CountRequest request, ServerCallContext context) =>
        Task.FromResult(new CountResponse { Value = counters.Increment(request.Counter) });

    public override Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context)
    {
        new FieldViolations().MaxLength("message", request.Message, 1_000_000).ThrowIfAny();
        return Task.FromResult(new EchoResponse
        {
            Message = request.Message,
            Caller = context.GetHttpContext().User.SubjectId() ?? string.Empty,
            Traceparent = context.RequestHeaders.GetValue("traceparent") ?? string.Empty,
        });
    }

    public override async Task<HoldResponse> Hold(HoldRequest request, ServerCallContext context)
    {
        counters.Increment("holding:" + request.Key);
        try
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            counters.Increment("cancelled:" + request.Key);
            throw;
        }

        return new HoldResponse();
    }

    public override async Task EchoStream(EchoStreamRequest request, IServerStreamWriter<EchoStreamResponse> responseStream, ServerCallContext context)
    {
        new FieldViolations()
            .Required("message", request.Message)
            .MaxLength("message", request.Message, 10_000)
            .Range("count", request.Count, 1, 1000)
            .ThrowIfAny();
        for (var i = 1; i <= request.Count; i++)
        {
            await responseStream.WriteAsync(new EchoStreamResponse { Message = request.Message, Sequence = i }, context.CancellationToken);
        }
    }
}

/// <summary>The echo service's counters, one per name.</summary>
public sealed class EchoCounters
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _values = new(StringComparer.Ordinal);

    public long Increment(string counter) => _values.AddOrUpdate(counter, 1, (_, value) => value + 1);

    public long Value(string counter) => _values.GetValueOrDefault(counter);
}
