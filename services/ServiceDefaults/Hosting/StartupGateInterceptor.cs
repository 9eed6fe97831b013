using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Pvi.ServiceDefaults.Hosting;

/// <summary>
/// Answers UNAVAILABLE (HTTP 503 over REST) while any <see cref="IStartupGate"/> is closed, so no
/// caller ever sees a half-initialized service; clients retry UNAVAILABLE on idempotent calls.
/// </summary>
public sealed class StartupGateInterceptor(IEnumerable<IStartupGate> gates) : Interceptor
{
    private readonly IStartupGate[] _gates = gates.ToArray();

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ThrowIfClosed();
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ThrowIfClosed();
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ThrowIfClosed();
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ThrowIfClosed();
        return continuation(requestStream, responseStream, context);
    }

    private void ThrowIfClosed()
    {
        foreach (var gate in _gates)
        {
            if (!gate.IsOpen)
            {
                throw new RpcException(new Status(StatusCode.Unavailable, $"The service is starting ({gate.Name}); try again shortly."));
            }
        }
    }
}
