using Yarp.ReverseProxy.Forwarder;

namespace Pvi.Gateway.Extensions;

/// <summary>
/// What a caller gets when the gateway cannot reach the service behind a route (stopped,
/// restarting, refusing connections) and nothing was sent back yet: UNAVAILABLE with a message,
/// or 503 with the error model over REST, not a bare 502. Other proxy errors (a body over the
/// limit, a timeout) keep the answer the proxy gave.
/// </summary>
public static class UnavailableService
{
    public const string Message = "The service could not be reached. Try again shortly.";

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
        context.Response.Headers.RetryAfter = "1";
        await GatewayErrors.WriteAsync(context, GatewayErrors.Unavailable, StatusCodes.Status503ServiceUnavailable, Message);
    }
}
