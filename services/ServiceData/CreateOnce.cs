using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.ServiceData;

/// <summary>
/// The one retry-safe create of the suite. A create that carries a <c>request_id</c> (or, for a
/// call, its call id) creates once: a retry with the same content gets the answer to what was
/// created, other content with the same id is ALREADY_EXISTS, and two copies racing in at once end
/// with one created (the loser's unit of work runs again and finds the winner's row by its unique
/// key). The create and, from its second attempt on, the check before it are one unit of work
/// (<see cref="OptimisticConcurrency.RunAsync"/>).
/// </summary>
public static class CreateOnce
{
    /// <summary>The longest request_id a caller may send; the schemas' column for it is as long.</summary>
    public const int MaxRequestIdLength = 100;

    /// <summary>The check of a create's request_id (optional, at most <see cref="MaxRequestIdLength"/> characters).</summary>
    public static FieldViolations RequestId(this FieldViolations violations, string requestId) =>
        violations.MaxLength("request_id", requestId, MaxRequestIdLength);

    private const string ReusedReason = "REQUEST_ID_REUSED";
    private const string ReusedMessage = "This request_id was used before for a different request.";

    /// <param name="request">The create request; its fingerprint is kept with what it creates.</param>
    /// <param name="requestId">The caller's id for the request; empty means no retry safety was asked for.</param>
    /// <param name="earlier">The row created before under an id by this caller (the query names the caller), read without tracking.</param>
    /// <param name="fingerprintOf">The fingerprint stored with such a row.</param>
    /// <param name="repeat">The answer to a repeat, from the earlier row.</param>
    /// <param name="create">The create itself, given the key to store; it saves its changes.</param>
    /// <param name="reused">The refusal of the same id with other content (default REQUEST_ID_REUSED).</param>
    public static async Task<TResult> CreateOnceAsync<TEntity, TResult>(
        this DbContext db,
        IMessage request,
        string? requestId,
        Func<string, CancellationToken, Task<TEntity?>> earlier,
        Func<TEntity, string?> fingerprintOf,
        Func<TEntity, CancellationToken, Task<TResult>> repeat,
        Func<CreateKey, CancellationToken, Task<TResult>> create,
        CancellationToken cancellationToken,
        Func<AlreadyExistsException>? reused = null)
        where TEntity : class
    {
        var key = new CreateKey(string.IsNullOrEmpty(requestId) ? null : requestId, RequestFingerprint.Of(request));

        // Almost every create is new, so the first attempt creates without looking for an earlier
        // row (one statement less): the unique key of the id refuses a repeat, and the attempt after
        // it looks first. Inside another unit of work a failed attempt fails the outer one, so there
        // it looks first.
        var look = UnitOfWork.Current is not null || db.Database.CurrentTransaction is not null;
        var looked = false;
        async Task<TResult> AttemptAsync(CancellationToken ct)
        {
            if (look && key.ClientRequestId is { } id)
            {
                looked = true;
                if (await earlier(id, ct).ConfigureAwait(false) is { } existing)
                {
                    return fingerprintOf(existing) == key.Fingerprint
                        ? await repeat(existing, ct).ConfigureAwait(false)
                        : throw (reused?.Invoke() ?? new AlreadyExistsException(ReusedReason, ReusedMessage));
                }
            }

            look = true;
            return await create(key, ct).ConfigureAwait(false);
        }

        try
        {
            return await db.RunAsync(AttemptAsync, cancellationToken, uniqueKeysGuard: true).ConfigureAwait(false);
        }
        catch (Exception ex) when (key.ClientRequestId is not null && !looked && ex is not OperationCanceledException)
        {
            // A first attempt that failed for another reason is made again, looking first, so that a
            // repeat always gets the answer to what was created.
            return await db.RunAsync(AttemptAsync, cancellationToken, uniqueKeysGuard: true).ConfigureAwait(false);
        }
    }
}
