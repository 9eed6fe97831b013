using System.Diagnostics;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Localization;
using Pvi.WebConsole.Authentication;
using Pvi.WebConsole.Localization;
using Status = Google.Rpc.Status;

namespace Pvi.WebConsole.Gateway;

/// <summary>
/// Every call of the console to the gateway goes through here: with the person's own token and a
/// deadline, and with its failure turned into what the person may read (<see cref="CallProblem"/>).
/// </summary>
public sealed partial class GatewayCalls(UserSession session, ConsoleSettings settings, IStringLocalizer<ConsoleTexts> texts, TimeProvider time, ILogger<GatewayCalls> logger)
{
    /// <summary>Options for a unary call: the person's token, the console's deadline.</summary>
    public async Task<CallOptions> OptionsAsync(CancellationToken cancellationToken, bool stream = false) =>
        new(
            headers: new Metadata { { "authorization", "Bearer " + await session.AccessTokenAsync(cancellationToken) } },
            deadline: stream ? null : time.GetUtcNow().UtcDateTime + settings.CallDeadline,
            cancellationToken: cancellationToken);

    public async Task<(T? Value, CallProblem? Problem)> RunAsync<T>(Func<CallOptions, Task<T>> call, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await call(await OptionsAsync(cancellationToken)), null);
        }
        catch (Exception ex) when (ProblemOf(ex) is { } problem)
        {
            return (default, problem);
        }
    }

    /// <summary>What the person reads of a failed call; null for a cancellation the page itself asked for.</summary>
    public CallProblem? ProblemOf(Exception exception)
    {
        switch (exception)
        {
            case SessionEndedException:
                return Problem(ProblemKind.SessionEnded, texts["ProblemSessionEnded"]);
            case OperationCanceledException:
                return null;
            case RpcException rpc:
                return rpc.StatusCode switch
                {
                    StatusCode.PermissionDenied => Problem(ProblemKind.Denied, texts["ProblemDenied"]),
                    StatusCode.NotFound => Problem(ProblemKind.NotFound, texts["ProblemDenied"]),
                    StatusCode.Unauthenticated => Problem(ProblemKind.SessionEnded, texts["ProblemSessionEnded"]),
                    StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted => Problem(ProblemKind.Unavailable, texts["ProblemUnavailable"]),
                    StatusCode.FailedPrecondition => Problem(ProblemKind.Precondition, Reason(rpc)),
                    StatusCode.Aborted or StatusCode.AlreadyExists => Problem(ProblemKind.Conflict, texts["ProblemConflict"]),
                    StatusCode.InvalidArgument => Invalid(rpc),
                    _ => Failed(rpc),
                };
            default:
                return Failed(exception);
        }
    }

    private CallProblem Invalid(RpcException rpc)
    {
        var fields = rpc.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations
            .GroupBy(v => v.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(" ", g.Select(v => ServiceTexts.Violation(texts, v.Description))), StringComparer.Ordinal)
            ?? [];
        return new CallProblem(ProblemKind.Invalid, texts["ProblemInvalid"], fields);
    }

    /// <summary>The service's reason, in Dutch where the reason code is known, else its own words.</summary>
    private string Reason(RpcException rpc)
    {
        var reason = rpc.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason;
        var known = reason is null ? null : texts["Reason_" + reason];
        return known is { ResourceNotFound: false } ? known.Value : rpc.Status.Detail;
    }

    private CallProblem Failed(Exception exception)
    {
        var reference = Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        LogFailed(logger, exception.GetType().Name, reference);
        return Problem(ProblemKind.Failed, string.Format(System.Globalization.CultureInfo.CurrentCulture, texts["ProblemFailed"], reference), reference);
    }

    private static CallProblem Problem(ProblemKind kind, string message, string? reference = null) =>
        new(kind, message, new Dictionary<string, string>(), reference);

    // The exception's type only: its message may repeat what a person typed.
    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "A call to the gateway failed unexpectedly ({ExceptionType}); reference {Reference}")]
    private static partial void LogFailed(ILogger logger, string exceptionType, string reference);
}
