using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Pvi.ServiceDefaults.Clients;

/// <summary>
/// Gives every outgoing call a deadline when it has none (the incoming call's, else the
/// configured default), retries UNAVAILABLE only on
/// idempotent methods (exponential back-off with jitter), and stops calling a peer that keeps
/// failing (circuit breaker, answered locally as UNAVAILABLE). Streams get the deadline only.
/// </summary>
public sealed class ClientResilienceInterceptor : Interceptor
{
    private readonly GrpcClientOptions _options;
    private readonly IdempotentMethods _idempotent;
    private readonly TimeProvider _time;
    private readonly IHttpContextAccessor? _incoming;
    private readonly ResiliencePipeline _retryAndBreak;
    private readonly ResiliencePipeline _breakOnly;

    public ClientResilienceInterceptor(
        GrpcClientOptions options, IdempotentMethods idempotent, TimeProvider time, IHttpContextAccessor? incoming = null)
    {
        _options = options;
        _incoming = incoming;
        _idempotent = idempotent;
        _time = time;

        // One breaker shared by both pipelines: the peer's health does not depend on the method.
        var breaker = new CircuitBreakerStrategyOptions
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakerBreakDuration,
            ShouldHandle = new PredicateBuilder().Handle<RpcException>(IsPeerFailure),
        };
        var breakerPipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddCircuitBreaker(breaker).Build();

        _breakOnly = breakerPipeline;
        _retryAndBreak = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(ex => ex.StatusCode == StatusCode.Unavailable),
            })
            .AddPipeline(breakerPipeline)
            .Build();
    }

    private static bool IsPeerFailure(RpcException ex) =>
        ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded;

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        context = WithDefaultDeadline(context);
        var pipeline = _idempotent.Contains(context.Method.FullName) ? _retryAndBreak : _breakOnly;
        AsyncUnaryCall<TResponse>? current = null;

        async Task<TResponse> Execute()
        {
            try
            {
                return await pipeline.ExecuteAsync(async _ =>
                {
                    current?.Dispose();
                    current = continuation(request, context);
                    return await current.ResponseAsync.ConfigureAwait(false);
                }, context.Options.CancellationToken).ConfigureAwait(false);
            }
            catch (BrokenCircuitException broken)
            {
                throw new RpcException(new Status(StatusCode.Unavailable,
                    $"{context.Method.ServiceName} is not being called for now after repeated failures.", broken));
            }
        }

        async Task<Metadata> Headers(Task<TResponse> response)
        {
            // The headers of the attempt that ended the call, whether it succeeded or not.
            await Task.WhenAny(response).ConfigureAwait(false);
            return current is null ? Metadata.Empty : await current.ResponseHeadersAsync.ConfigureAwait(false);
        }

        var response = Execute();
        return new AsyncUnaryCall<TResponse>(
            response,
            Headers(response),
            () => current?.GetStatus() ?? new Status(StatusCode.Unavailable, "The call was not made."),
            () => current?.GetTrailers() ?? Metadata.Empty,
            () => current?.Dispose());
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithDefaultDeadline(context));

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithDefaultDeadline(context));

    private ClientInterceptorContext<TRequest, TResponse> WithDefaultDeadline<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        if (context.Options.Deadline is not null)
        {
            return context;
        }

        var inherited = _incoming?.HttpContext?.Features.Get<IServerCallContextFeature>()?.ServerCallContext.Deadline;
        var deadline = inherited is { } incoming && incoming != DateTime.MaxValue
            ? incoming
            : _time.GetUtcNow().Add(_options.DefaultDeadline).UtcDateTime;
        return new ClientInterceptorContext<TRequest, TResponse>(
            context.Method, context.Host, context.Options.WithDeadline(deadline));
    }
}
