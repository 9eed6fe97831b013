using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pvi.ServiceDefaults.Errors;

/// <summary>
/// The suite's one error mapper for gRPC (and so for REST through JSON transcoding): turns bad
/// input (a <see cref="RequestValidationException"/> from the handler's <see cref="FieldViolations"/>)
/// into INVALID_ARGUMENT with every field violation, domain failures into their status with an ErrorInfo, and anything
/// unexpected into INTERNAL without internals, logged with its trace id.
/// </summary>
public sealed partial class ErrorModelInterceptor(ILogger<ErrorModelInterceptor> logger, IHostEnvironment environment, IEnumerable<IUnavailableResource> resources) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw ToRpcException(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw ToRpcException(ex, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw ToRpcException(ex, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw ToRpcException(ex, context);
        }
    }

    private RpcException ToRpcException(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case RequestValidationException invalid:
                var badRequest = new BadRequest();
                badRequest.FieldViolations.AddRange(invalid.Violations.Items);
                return new Google.Rpc.Status
                {
                    Code = (int)Code.InvalidArgument,
                    Message = invalid.Message,
                    Details = { Any.Pack(badRequest) },
                }.ToRpcException();

            case DomainException domain:
                return new Google.Rpc.Status
                {
                    Code = (int)domain.StatusCode,
                    Message = domain.Message,
                    Details = { Any.Pack(new ErrorInfo { Reason = domain.Reason, Domain = environment.ApplicationName }) },
                }.ToRpcException();

            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Grpc.Core.Status(StatusCode.Cancelled, "The call was cancelled."));

            case var _ when IsDatabaseUnavailable(exception):
                LogDatabaseUnavailable(logger, context.Method);
                return new RpcException(new Grpc.Core.Status(
                    StatusCode.Unavailable, "The service cannot reach its database right now; nothing was changed. Try again."));

            default:
                var traceId = Activity.Current?.TraceId.ToString() ?? context.GetHttpContext().TraceIdentifier;
                LogUnexpected(logger, exception, context.Method, traceId);
                return new RpcException(new Grpc.Core.Status(
                    StatusCode.Internal, $"An internal error occurred. Reference: {traceId}."));
        }
    }

    /// <summary>
    /// A resource the service depends on (its database) is down, restarting or busy past its
    /// timeout: a transient failure of the resource, not of the request; the caller may try again.
    /// </summary>
    private bool IsDatabaseUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            foreach (var resource in resources)
            {
                if (resource.IsUnavailable(current))
                {
                    return true;
                }
            }
        }

        return false;
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Method} could not reach the database; answered UNAVAILABLE")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string method);

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unexpected failure in {Method}; trace id {TraceId}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string traceId);
}

