using System.Globalization;
using System.Text.Json;

namespace Pvi.Gateway.Extensions;

/// <summary>
/// The answers the gateway gives itself, in the suite's error model: gRPC and gRPC-Web callers get
/// a trailers-only status with a message, REST callers the HTTP status with the google.rpc.Status
/// JSON the services answer (<c>code</c>, <c>message</c>, <c>details</c>).
/// </summary>
public static class GatewayErrors
{
    /// <summary>google.rpc.Code RESOURCE_EXHAUSTED.</summary>
    public const int ResourceExhausted = 8;

    /// <summary>google.rpc.Code UNAVAILABLE.</summary>
    public const int Unavailable = 14;

    public static async Task WriteAsync(HttpContext context, int code, int httpStatus, string message)
    {
        var contentType = context.Request.ContentType ?? string.Empty;
        if (contentType.StartsWith("application/grpc", StringComparison.Ordinal))
        {
            // A trailers-only answer: status and message in the headers (gRPC over HTTP/2 and gRPC-Web alike).
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = contentType.StartsWith("application/grpc-web-text", StringComparison.Ordinal) ? "application/grpc-web-text"
                : contentType.StartsWith("application/grpc-web", StringComparison.Ordinal) ? "application/grpc-web"
                : "application/grpc";
            context.Response.Headers["grpc-status"] = code.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            return;
        }

        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(new { code, message, details = Array.Empty<object>() }), context.RequestAborted);
    }
}
