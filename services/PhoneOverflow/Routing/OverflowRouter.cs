using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Pvi.IntegrationEvents.Publishing;
using Pvi.Overflow.V1;
using Pvi.PhoneOverflow.Infrastructure;
using Pvi.PhoneOverflow.Model;
using Pvi.ServiceData;
using Call = Pvi.PhoneOverflow.Model.Call;
using DutyMember = Pvi.PhoneOverflow.Model.DutyMember;
using ForwardedCall = Pvi.PhoneOverflow.Model.ForwardedCall;
using Operator = Pvi.PhoneOverflow.Model.Operator;

namespace Pvi.PhoneOverflow.Routing;

/// <summary>
/// The routing order of services/PhoneOverflow/README.md, as an ordered list of steps, each skipped at once when
/// it has nobody: a free Roze in Blauw member on duty (longest idle) → the caller's regional RSC
/// if open with a free trained operator → any open RSC with a free trained operator (least loaded)
/// → any open RSC with a free operator (least loaded) → the queue → voicemail once the longest
/// allowed wait has passed. A target already rung for the call is never rung again. Ringing
/// reserves the target (its version), so two calls decided at the same instant never get the
/// same free operator or member. Changes are tracked; the caller saves them with the events.
/// </summary>
public sealed class OverflowRouter(
    OverflowDbContext db, RscSchedules schedules, OpeningHours hours, OverflowOptions options, IOutbox outbox, TimeProvider time)
{
    public DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Whether any member on duty or any signed-in operator is free.</summary>
    public async Task<bool> AnyoneFreeAsync(CancellationToken cancellationToken) =>
        await db.DutyMembers.AnyAsync(m => m.OnDuty && m.IsRozeInBlauw && m.ConsentActive && m.CurrentCallId == null, cancellationToken)
        || await db.Operators.AnyAsync(o => o.SignedIn && o.CurrentCallId == null, cancellationToken);

    /// <summary>The decision lock of routing: one call decided at a time per database (<see cref="DecisionLocks"/>).</summary>
    public const string Decision = "pvi.overflow.routing";

    /// <summary>
    /// Routes a call that just arrived: notes whether everything was closed then, and decides where
    /// it goes (<see cref="DecideAsync"/>), from one reading of who is on duty and of the RSCs.
    /// </summary>
    public async Task RouteNewAsync(Call call, CancellationToken cancellationToken)
    {
        await db.LockDecisionAsync(Decision, cancellationToken);
        var onDuty = await OnDuty.For(db)(db).ToListAsync(cancellationToken);
        var rscs = await schedules.ReadAsync(db, cancellationToken);
        call.ArrivedWhileAllClosed = onDuty.Count == 0 && !rscs.Any(r => hours.IsOpen(r.Schedule, call.ArrivedAt));
        await DecideAsync(call, [], onDuty, rscs, cancellationToken);
    }

    /// <summary>
    /// Decides where the call goes now and applies it: rings and reserves a target, queues, or sends
    /// to voicemail. Part of a unit of work; it waits for the routing decision lock first.
    /// </summary>
    public async Task DecideAsync(Call call, CancellationToken cancellationToken)
    {
        await db.LockDecisionAsync(Decision, cancellationToken);
        var tried = await db.CallSteps.AsNoTracking()
            .Where(s => s.CallId == call.Id && s.Action == RouteAction.Ring)
            .Select(s => new Rung(s.TargetKind, s.TargetId))
            .ToListAsync(cancellationToken);
        var onDuty = await OnDuty.For(db)(db).ToListAsync(cancellationToken);
        await DecideAsync(call, tried, onDuty, await schedules.ReadAsync(db, cancellationToken), cancellationToken);
    }

    private async Task DecideAsync(Call call, List<Rung> tried, List<DutyMember> onDuty, IReadOnlyList<RscNow> allRscs, CancellationToken cancellationToken)
    {
        var now = Now;
        var triedMembers = tried.Where(t => t.Kind == Target.Member).Select(t => t.Id).ToHashSet();
        var triedOperators = tried.Where(t => t.Kind == Target.Operator).Select(t => t.Id!).ToList();

        // A caller who has waited the longest allowed wait is not rung any more.
        if (call.Status == CallState.Queued && now - call.ArrivedAt >= options.MaxQueueWait)
        {
            SendToVoicemail(call, now);
            return;
        }

        // 1. A free Roze in Blauw member on duty, the one idle longest.
        var member = onDuty.Where(m => m.IsRozeInBlauw && m.ConsentActive && m.CurrentCallId == null && !triedMembers.Contains(m.MemberId))
            .OrderBy(m => m.LastCallEndedAt ?? m.OnDutySince ?? DateTime.MinValue)
            .ThenBy(m => m.MemberId, StringComparer.Ordinal)
            .FirstOrDefault();
        if (member is not null)
        {
            member.CurrentCallId = call.Id;
            member.Version++;
            Ring(call, Target.Member, member.MemberId, null, "a Roze in Blauw member is on duty and free (longest idle)", now);
            return;
        }

        // 2-4. An open RSC with a free operator: the caller's region first, then the least loaded.
        var rscs = allRscs.Where(r => hours.IsOpen(r.Schedule, now)).ToList();
        var regional = string.IsNullOrEmpty(call.CallerRegion) ? [] : rscs.Where(r => r.Schedule.ServedUnits.Contains(call.CallerRegion)).ToList();
        var regionalReason = $"no Roze in Blauw member free; the RSC of the caller's region ({call.CallerRegion}) is open with a free LGBTIQ+-trained operator";
        if (regional.Count == 1 && await FreeOperatorAtAsync(regional[0].Code, trained: true, triedOperators, cancellationToken) is { } atRegion)
        {
            Forward(call, atRegion, rscs, regionalReason, now);
            return;
        }

        // Read without tracking (every free operator would be compared at SaveChanges); the chosen
        // operator and RSC are attached as they were read.
        var free = (await db.Operators.AsNoTracking().Where(o => o.SignedIn && o.CurrentCallId == null).ToListAsync(cancellationToken))
            .Where(o => !triedOperators.Contains(o.Id)).ToList();
        var load = free.Count == 0 ? [] : await db.Operators.AsNoTracking()
            .Where(o => o.SignedIn && o.CurrentCallId != null)
            .GroupBy(o => o.Rsc)
            .Select(g => new { Rsc = g.Key, Calls = g.Count() })
            .ToDictionaryAsync(g => g.Rsc, g => g.Calls, StringComparer.Ordinal, cancellationToken);

        Operator? Pick(IEnumerable<RscNow> candidates, bool trained) => candidates
            .OrderBy(r => load.GetValueOrDefault(r.Code))
            .ThenBy(r => r.Code, StringComparer.Ordinal)
            .Select(r => Longest(free.Where(o => o.Rsc == r.Code && (!trained || o.LgbtiqTrained))))
            .FirstOrDefault(o => o is not null);

        var steps = new List<(IEnumerable<RscNow> Rscs, bool Trained, string Reason)>();
        if (regional.Count > 1)
        {
            steps.Add((regional, true, regionalReason));
        }

        steps.Add((rscs, true, "no Roze in Blauw member free; an open RSC with a free LGBTIQ+-trained operator (least loaded)"));
        steps.Add((rscs, false, "no Roze in Blauw member free and no trained operator free; an open RSC with a free operator (least loaded)"));
        foreach (var (candidates, trained, reason) in steps)
        {
            if (Pick(candidates, trained) is { } picked)
            {
                Forward(call, picked, rscs, reason, now);
                return;
            }
        }

        // 5-6. Nobody free: wait in the queue, in order of arrival, until the longest allowed wait.
        if (now - call.ArrivedAt >= options.MaxQueueWait)
        {
            SendToVoicemail(call, now);
            return;
        }

        var place = await QueuePlaceAsync(call, cancellationToken);
        var agents = Math.Max(1, await db.Operators.CountAsync(o => o.SignedIn, cancellationToken) + onDuty.Count);
        var wasQueued = call.Status == CallState.Queued;
        call.Status = CallState.Queued;
        call.QueuePosition = place;
        call.EstimatedWaitSeconds = (int)Math.Ceiling(call.QueuePosition * options.AverageHandleTime.TotalSeconds / agents);
        if (!wasQueued || call.Action != RouteAction.Queue)
        {
            Apply(call, RouteAction.Queue, Target.None, null, null, "nobody free: queued in order of arrival", now);
        }
    }

    /// <summary>Rings the operator and forwards the call to their RSC's stream.</summary>
    private void Forward(Call call, Operator picked, IReadOnlyList<RscNow> rscs, string reason, DateTime now)
    {
        var chosen = Tracked(db.Operators, picked, o => o.Id == picked.Id);
        chosen.CurrentCallId = call.Id;
        chosen.Version++;
        var rsc = Tracked(db.RegionalServiceCentres, rscs.Single(r => r.Code == chosen.Rsc).Row(), r => r.Code == chosen.Rsc);
        var queuePosition = call.Status == CallState.Queued ? call.QueuePosition : 0;
        Ring(call, Target.Operator, chosen.Id, rsc.Code, reason, now);
        db.ForwardedCalls.Add(rsc.Forward(call, chosen.Id, reason, queuePosition, now));
        outbox.Enqueue(call.Id, new CallForwarded { CallId = call.Id, Rsc = rsc.Code, OperatorId = chosen.Id, Reason = reason, ForwardTime = Timestamp.FromDateTime(now) });
    }

    /// <summary>The free operator of the RSC idle longest (trained ones only, if asked), none of those already rung.</summary>
    private async Task<Operator?> FreeOperatorAtAsync(string rsc, bool trained, List<string> tried, CancellationToken cancellationToken) =>
        Longest(await (tried.Count == 0
            ? LongestIdleAt.For(db)(db, rsc, trained)
            : LongestIdleAtExcept.For(db)(db, rsc, trained, tried)).ToListAsync(cancellationToken));

    /// <summary>The operator idle longest; between equals, the first by id.</summary>
    private static Operator? Longest(IEnumerable<Operator> free) => free
        .OrderBy(o => o.LastCallEndedAt ?? o.SignedInAt ?? DateTime.MinValue)
        .ThenBy(o => o.Id, StringComparer.Ordinal)
        .FirstOrDefault();

    /// <summary>Members on duty, tracked: the one rung is reserved by its version.</summary>
    private static readonly CompiledQuery<Func<OverflowDbContext, IAsyncEnumerable<DutyMember>>> OnDuty =
        new(() => EF.CompileAsyncQuery((OverflowDbContext db) => db.DutyMembers.Where(m => m.OnDuty)));

    /// <summary>
    /// The free operators of an RSC who have been idle longest (usually one; several when they have
    /// been idle equally long, and the id decides in memory, the same in every database's collation).
    /// A call rung for the first time has tried nobody: its query has no list of operators to leave
    /// out, whose SQL EF Core would build again on every call.
    /// </summary>
    private static readonly CompiledQuery<Func<OverflowDbContext, string, bool, IAsyncEnumerable<Operator>>> LongestIdleAt =
        new(() => EF.CompileAsyncQuery((OverflowDbContext db, string rsc, bool trained) => db.Operators.AsNoTracking()
            .Where(o => o.Rsc == rsc && o.SignedIn && o.CurrentCallId == null && (!trained || o.LgbtiqTrained))
            .Where(o => (o.LastCallEndedAt ?? o.SignedInAt ?? DateTime.MinValue) == db.Operators
                .Where(x => x.Rsc == rsc && x.SignedIn && x.CurrentCallId == null && (!trained || x.LgbtiqTrained))
                .Min(x => x.LastCallEndedAt ?? x.SignedInAt ?? DateTime.MinValue))));

    /// <summary>As <see cref="LongestIdleAt"/>, leaving out the operators the call already rang.</summary>
    private static readonly CompiledQuery<Func<OverflowDbContext, string, bool, List<string>, IAsyncEnumerable<Operator>>> LongestIdleAtExcept =
        new(() => EF.CompileAsyncQuery((OverflowDbContext db, string rsc, bool trained, List<string> tried) => db.Operators.AsNoTracking()
            .Where(o => o.Rsc == rsc && o.SignedIn && o.CurrentCallId == null && (!trained || o.LgbtiqTrained) && !tried.Contains(o.Id))
            .Where(o => (o.LastCallEndedAt ?? o.SignedInAt ?? DateTime.MinValue) == db.Operators
                .Where(x => x.Rsc == rsc && x.SignedIn && x.CurrentCallId == null && (!trained || x.LgbtiqTrained) && !tried.Contains(x.Id))
                .Min(x => x.LastCallEndedAt ?? x.SignedInAt ?? DateTime.MinValue))));

    private sealed record Rung(Target Kind, string? Id);

    /// <summary>The call's place in the queue (1 = next): by arrival, whatever happened to it since.</summary>
    public async Task<int> QueuePlaceAsync(Call call, CancellationToken cancellationToken) =>
        1 + await QueuedBefore.For(db)(db, call.Id, call.ArrivedAt, cancellationToken);

    private static readonly CompiledQuery<Func<OverflowDbContext, string, DateTime, CancellationToken, Task<int>>> QueuedBefore =
        new(() => EF.CompileAsyncQuery((OverflowDbContext db, string id, DateTime arrivedAt, CancellationToken _) => db.Calls.Count(
            c => c.Status == CallState.Queued && c.Id != id && (c.ArrivedAt < arrivedAt || (c.ArrivedAt == arrivedAt && string.Compare(c.Id, id) < 0)))));

    /// <summary>The instance this unit of work already tracks, or the one read without tracking, attached as it was read.</summary>
    private static T Tracked<T>(DbSet<T> set, T read, Func<T, bool> same)
        where T : class
    {
        if (set.Local.FirstOrDefault(same) is { } tracked)
        {
            return tracked;
        }

        set.Attach(read);
        return read;
    }

    /// <summary>
    /// Frees whoever the call was ringing at or answered by. It takes the routing decision first: a
    /// call queued by a decision that saw the target busy is committed before the target is free,
    /// so the queue is served once this unit of work is committed (<see cref="Switchboard.DispatchQueueAsync"/>).
    /// </summary>
    public async Task ReleaseTargetAsync(Call call, bool callEnded, CancellationToken cancellationToken)
    {
        await db.LockDecisionAsync(Decision, cancellationToken);
        var now = Now;
        if (call.TargetKind == Target.Member && call.TargetId is { } memberId
            && await MemberById.For(db)(db, memberId, cancellationToken) is { } member
            && member.CurrentCallId == call.Id)
        {
            member.CurrentCallId = null;
            member.LastCallEndedAt = callEnded ? now : member.LastCallEndedAt;
            member.Version++;
        }
        else if (call.TargetKind == Target.Operator && call.TargetId is { } operatorId
            && await OperatorById.For(db)(db, operatorId, cancellationToken) is { } op
            && op.CurrentCallId == call.Id)
        {
            op.CurrentCallId = null;
            op.LastCallEndedAt = callEnded ? now : op.LastCallEndedAt;
            op.Version++;
        }
    }

    /// <summary>Marks the step that rang the current target with its result.</summary>
    public async Task CloseRingStepAsync(Call call, string result, CancellationToken cancellationToken)
    {
        if (call.TargetId is { } target && await LastRing.For(db)(db, call.Id, target, cancellationToken) is { } step)
        {
            step.Result = result;
        }
    }

    private static readonly CompiledQuery<Func<OverflowDbContext, string, CancellationToken, Task<DutyMember?>>> MemberById = new(() =>
        EF.CompileAsyncQuery((OverflowDbContext db, string id, CancellationToken _) => db.DutyMembers.SingleOrDefault(m => m.MemberId == id)));

    private static readonly CompiledQuery<Func<OverflowDbContext, string, CancellationToken, Task<Operator?>>> OperatorById = new(() =>
        EF.CompileAsyncQuery((OverflowDbContext db, string id, CancellationToken _) => db.Operators.SingleOrDefault(o => o.Id == id)));

    private static readonly CompiledQuery<Func<OverflowDbContext, string, string, CancellationToken, Task<CallStep?>>> LastRing = new(() =>
        EF.CompileAsyncQuery((OverflowDbContext db, string callId, string target, CancellationToken _) => db.CallSteps
            .Where(s => s.CallId == callId && s.Action == RouteAction.Ring && s.TargetId == target)
            .OrderByDescending(s => s.Id)
            .FirstOrDefault()));

    private void SendToVoicemail(Call call, DateTime now)
    {
        Apply(call, RouteAction.Voicemail, Target.None, null, null, $"nobody free within the longest allowed wait ({options.MaxQueueWait.TotalMinutes:0.#} min): voicemail or callback", now);
        call.Status = CallState.Voicemail;
        call.WaitEndedAt = now;
        call.QueuePosition = 0;
        call.EstimatedWaitSeconds = 0;
        outbox.Enqueue(call.Id, new CallSentToVoicemail { CallId = call.Id, WaitSeconds = (now - call.ArrivedAt).TotalSeconds, VoicemailTime = Timestamp.FromDateTime(now) });
    }

    private void Ring(Call call, Target kind, string targetId, string? rsc, string reason, DateTime now)
    {
        call.Status = CallState.Ringing;
        call.RingingSince = now;
        call.QueuePosition = 0;
        call.EstimatedWaitSeconds = 0;
        Apply(call, RouteAction.Ring, kind, targetId, rsc, reason, now);
    }

    private void Apply(Call call, RouteAction action, Target kind, string? targetId, string? rsc, string reason, DateTime now)
    {
        call.Action = action;
        call.TargetKind = kind;
        call.TargetId = targetId;
        call.Rsc = rsc;
        call.Reason = reason;
        call.Version++;
        db.CallSteps.Add(new CallStep
        {
            CallId = call.Id,
            At = now,
            Action = action,
            TargetKind = kind,
            TargetId = targetId,
            Rsc = rsc,
            Reason = reason,
            Result = action == RouteAction.Ring ? "ringing" : string.Empty,
        });
        outbox.Enqueue(call.Id, new CallRouted
        {
            CallId = call.Id,
            CallerRegion = call.CallerRegion ?? string.Empty,
            Action = action.ToString().ToLowerInvariant(),
            TargetKind = kind == Target.None ? string.Empty : kind.ToString().ToLowerInvariant(),
            TargetId = targetId ?? string.Empty,
            Rsc = rsc ?? string.Empty,
            Reason = reason,
            RouteTime = Timestamp.FromDateTime(now),
        });
    }
}
