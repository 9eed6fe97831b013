using System.Text.Json;
using Yarp.ReverseProxy.Forwarder;

namespace Pvi.Gateway.Extensions;

/// <summary>
/// What a caller gets when the gateway cannot reach the service behind a route (stopped,
/// restarting, refusing connections) and nothing was sent back yet: the suite's error model, not
/// a bare 502. gRPC and gRPC-Web callers get UNAVAILABLE with a message; REST callers 503 with the
/// google.rpc.Status JSON the services themselves answer. Other proxy errors (a body over the
/// limit, a timeout) keep the answer the proxy gave.
/// </summary>
public static class UnavailableService
{
    public const string Message = "The service could not be reached. Try again shortly.";

    /// <summary>UNAVAILABLE in google.rpc.Code.</summary>
    private const int Unavailable = 14;

    private static readonly byte[] Json = JsonSerializer.SerializeToUtf8Bytes(new { code = Unavailable, message = Message, details = Array.Empty<object>() });

    /// <summary>Runs after the forwarder in the proxy pipeline.</summary>
    public static async Task AnswerAsync(HttpContext context, Func<Task> next)
    {
        await next();
        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error?.Error is not (ForwarderError.Request or ForwarderError.NoAvailableDestinations) || context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        var contentType = context.Request.ContentType ?? string.Empty;
        if (contentType.StartsWith("application/grpc", StringComparison.Ordinal))
        {
            // A trailers-only answer: status and message in the headers (gRPC over HTTP/2 and gRPC-Web alike).
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = contentType.StartsWith("application/grpc-web-text", StringComparison.Ordinal) ? "application/grpc-web-text"
                : contentType.StartsWith("application/grpc-web", StringComparison.Ordinal) ? "application/grpc-web"
                : "application/grpc";
            context.Response.Headers["grpc-status"] = Unavailable.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(Message);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Json, context.RequestAborted);
    }
}
