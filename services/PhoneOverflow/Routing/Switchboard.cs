using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Pvi.IntegrationEvents.Publishing;
using Pvi.Overflow.V1;
using Pvi.PhoneOverflow.Infrastructure;
using Pvi.PhoneOverflow.Model;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Errors;
using Call = Pvi.PhoneOverflow.Model.Call;

namespace Pvi.PhoneOverflow.Routing;

/// <summary>
/// What happens to calls: the first decision, the platform's reports (answered, ring timeout,
/// abandoned, completed, voicemail left), and what the clock does (ring timeouts, the longest
/// wait, queued calls taken as soon as someone is free). Each step is one transaction with its
/// events, retried when another step changed the same call or target first.
/// </summary>
public sealed class Switchboard(OverflowDbContext db, OverflowRouter router, OverflowOptions options, IOutbox outbox)
{
    /// <summary>
    /// Routes a new call once: the same call id again gets the decision in force, the same id with
    /// other details is ALREADY_EXISTS.
    /// </summary>
    public Task<Call> RouteAsync(IMessage request, string callId, string? region, string? number, CancellationToken cancellationToken) =>
        db.CreateOnceAsync(
            request,
            callId,
            (id, ct) => CallById.For(db)(db, id, ct),
            c => c.Fingerprint,
            (existing, _) => Task.FromResult(existing),
            async (key, ct) =>
            {
                var call = new Call
                {
                    Id = callId,
                    CallerRegion = region,
                    CallerNumber = number,
                    Fingerprint = key.Fingerprint,
                    ArrivedAt = router.Now,
                };
                db.Calls.Add(call);
                await router.RouteNewAsync(call, ct);
                await db.SaveChangesAsync(ct);

                OverflowMetrics.Calls.Add(1, new KeyValuePair<string, object?>("first_action", call.Action.ToString().ToLowerInvariant()));
                return call;
            },
            cancellationToken,
            reused: () => new AlreadyExistsException("CALL_ID_REUSED", "This call id was routed before with other details."));

    private static readonly CompiledQuery<Func<OverflowDbContext, string, CancellationToken, Task<Call?>>> CallById =
        new(() => EF.CompileAsyncQuery((OverflowDbContext db, string id, CancellationToken _) => db.Calls.AsNoTracking().SingleOrDefault(c => c.Id == id)));

    private static readonly CompiledQuery<Func<OverflowDbContext, string, CancellationToken, Task<Call?>>> TrackedCallById =
        new(() => EF.CompileAsyncQuery((OverflowDbContext db, string id, CancellationToken _) => db.Calls.SingleOrDefault(c => c.Id == id)));

    public async Task<Call> ReportAsync(string callId, CallEventKind kind, CancellationToken cancellationToken)
    {
        var call = await db.RunAsync(async ct =>
        {
            var call = await TrackedCallById.For(db)(db, callId, ct)
                ?? throw new NotFoundException("CALL_NOT_FOUND", "No call with this id was routed.");
            var now = router.Now;
            switch (kind)
            {
                case CallEventKind.Answered:
                    Require(call, CallState.Ringing, "answered");
                    call.Status = CallState.Answered;
                    call.AnsweredAt = now;
                    call.WaitEndedAt = now;
                    call.AnsweredByKind = call.TargetKind;
                    call.AnsweredById = call.TargetId;
                    call.AnsweredRsc = call.Rsc;
                    await router.CloseRingStepAsync(call, "answered", ct);
                    outbox.Enqueue(call.Id, new CallAnswered
                    {
                        CallId = call.Id,
                        AnsweredByKind = call.TargetKind.ToString().ToLowerInvariant(),
                        AnsweredById = call.TargetId ?? string.Empty,
                        Rsc = call.Rsc ?? string.Empty,
                        WaitSeconds = (now - call.ArrivedAt).TotalSeconds,
                        AnswerTime = Timestamp.FromDateTime(now),
                    });
                    break;
                case CallEventKind.RingTimeout:
                    Require(call, CallState.Ringing, "reported as not answered");
                    await RingTimedOutAsync(call, ct);
                    break;
                case CallEventKind.Abandoned:
                    if (call.Status is not (CallState.Ringing or CallState.Queued))
                    {
                        throw OutOfOrder(call, "abandoned");
                    }

                    if (call.Status == CallState.Ringing)
                    {
                        await router.CloseRingStepAsync(call, "abandoned", ct);
                        await router.ReleaseTargetAsync(call, callEnded: false, ct);
                    }

                    call.Status = CallState.Abandoned;
                    call.EndedAt = now;
                    call.WaitEndedAt = now;
                    call.Version++;
                    outbox.Enqueue(call.Id, new CallAbandoned { CallId = call.Id, WaitSeconds = (now - call.ArrivedAt).TotalSeconds, AbandonTime = Timestamp.FromDateTime(now) });
                    break;
                case CallEventKind.Completed:
                    Require(call, CallState.Answered, "completed");
                    await router.ReleaseTargetAsync(call, callEnded: true, ct);
                    call.Status = CallState.Completed;
                    call.EndedAt = now;
                    call.Version++;
                    outbox.Enqueue(call.Id, new CallCompleted
                    {
                        CallId = call.Id,
                        AnsweredByKind = call.AnsweredByKind.ToString().ToLowerInvariant(),
                        AnsweredById = call.AnsweredById ?? string.Empty,
                        Rsc = call.AnsweredRsc ?? string.Empty,
                        DurationSeconds = (now - call.AnsweredAt!.Value).TotalSeconds,
                        CompleteTime = Timestamp.FromDateTime(now),
                    });
                    break;
                case CallEventKind.VoicemailLeft:
                    Require(call, CallState.Voicemail, "a voicemail");
                    if (call.EndedAt is not null)
                    {
                        throw OutOfOrder(call, "a voicemail");
                    }

                    call.EndedAt = now;
                    call.Version++;
                    break;
                default:
                    throw new InvalidOperationException("The kind was validated.");
            }

            await db.SaveChangesAsync(ct);
            return call;
        }, cancellationToken, uniqueKeysGuard: true);

        if (kind is CallEventKind.Completed or CallEventKind.RingTimeout or CallEventKind.Abandoned)
        {
            // Someone may be free now: the queue goes first.
            await DispatchQueueAsync(cancellationToken);
        }

        return call;
    }

    /// <summary>The clock's work: ring timeouts the platform did not report, the longest wait, and the queue.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = router.Now;
        var ringingSince = now - options.RingTimeout;
        var due = await db.Calls.AsNoTracking()
            .Where(c => c.Status == CallState.Ringing && c.RingingSince <= ringingSince)
            .OrderBy(c => c.RingingSince).Select(c => c.Id).Take(100)
            .ToListAsync(cancellationToken);
        foreach (var callId in due)
        {
            await db.RunAsync(async ct =>
            {
                var call = await db.Calls.SingleAsync(c => c.Id == callId, ct);
                if (call.Status == CallState.Ringing && call.RingingSince <= router.Now - options.RingTimeout)
                {
                    await RingTimedOutAsync(call, ct);
                    await db.SaveChangesAsync(ct);
                }

                return 0;
            }, cancellationToken, uniqueKeysGuard: true);
            db.ChangeTracker.Clear();
        }

        return due.Count + await DispatchQueueAsync(cancellationToken);
    }

    /// <summary>
    /// Takes queued calls, oldest first, to whoever is free, and sends those past the longest wait
    /// to voicemail. A call that may not ring the only free target (it was rung there before) waits
    /// and the next call gets its turn. Each call taken is one unit of work that reads the queue as
    /// it is then: under load the calls of an earlier reading may have been abandoned or taken by
    /// the time the unit of work runs, and each of those would cost a wait of its own.
    /// </summary>
    public async Task<int> DispatchQueueAsync(CancellationToken cancellationToken)
    {
        // Nobody waits (committed): a call queued by a decision made before a target was freed is
        // committed before the unit of work that frees it (both hold the routing decision), so it is seen here.
        if (!await AnyQueued.For(db)(db, cancellationToken))
        {
            return 0;
        }

        var moved = 0;
        while (await TakeNextQueuedAsync(cancellationToken))
        {
            moved++;
        }

        return moved;
    }

    private static readonly CompiledQuery<Func<OverflowDbContext, CancellationToken, Task<bool>>> AnyQueued =
        new(() => EF.CompileAsyncQuery((OverflowDbContext db, CancellationToken _) => db.Calls.Any(c => c.Status == CallState.Queued)));

    /// <summary>Moves the oldest queued call that can move (rung, or voicemail after the longest wait); false when none can.</summary>
    private async Task<bool> TakeNextQueuedAsync(CancellationToken cancellationToken)
    {
        var taken = await db.RunAsync(async ct =>
        {
            await db.LockDecisionAsync(OverflowRouter.Decision, ct);
            var expiredBefore = router.Now - options.MaxQueueWait;
            var queued = await db.Calls.AsNoTracking()
                .Where(c => c.Status == CallState.Queued)
                .OrderBy(c => c.ArrivedAt).ThenBy(c => c.Id)
                .Select(c => new { c.Id, c.ArrivedAt })
                .Take(500)
                .ToListAsync(ct);
            var moved = false;
            foreach (var next in queued)
            {
                if (next.ArrivedAt > expiredBefore && !await router.AnyoneFreeAsync(ct))
                {
                    // Younger calls than this one have not waited longer either.
                    break;
                }

                var call = await db.Calls.SingleAsync(c => c.Id == next.Id, ct);
                await router.DecideAsync(call, ct);
                if (call.Status != CallState.Queued)
                {
                    moved = true;
                    break;
                }
            }

            await db.SaveChangesAsync(ct);
            return moved;
        }, cancellationToken, uniqueKeysGuard: true);
        db.ChangeTracker.Clear();
        return taken;
    }

    private async Task RingTimedOutAsync(Call call, CancellationToken cancellationToken)
    {
        // The target is not rung again for this call; the call moves on and keeps its place in the queue.
        await router.CloseRingStepAsync(call, "ring-timeout", cancellationToken);
        await router.ReleaseTargetAsync(call, callEnded: false, cancellationToken);
        call.Status = CallState.Queued;
        await router.DecideAsync(call, cancellationToken);
    }

    private static void Require(Call call, CallState state, string what)
    {
        if (call.Status != state)
        {
            throw OutOfOrder(call, what);
        }
    }

    private static PreconditionFailedException OutOfOrder(Call call, string what) =>
        new("CALL_STATE", $"The call is {call.Status.ToString().ToLowerInvariant()}; it cannot be {what} now.");
}
