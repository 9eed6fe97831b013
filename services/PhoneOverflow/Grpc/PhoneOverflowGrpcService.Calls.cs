using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.Overflow.V1;
using Pvi.PhoneOverflow.Routing;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Errors;
using Model = Pvi.PhoneOverflow.Model;

namespace Pvi.PhoneOverflow.Grpc;

public sealed partial class PhoneOverflowGrpcService
{
    /// <summary>The most calls a new live stream replays from before it started.</summary>
    private const int MaxBacklog = 100;

    public override async Task<RoutingDecision> RouteCall(RouteCallRequest request, ServerCallContext context)
    {
        var caller = OverflowCaller.From(context);
        caller.Demand(caller.IsPlatform);
        var violations = new FieldViolations();
        OverflowValidation.CallId(violations, "call_id", request.CallId);
        OverflowValidation.CallerNumber(violations, "caller_number", request.CallerNumber);
        if (!string.IsNullOrEmpty(request.CallerRegion) && !(await UnitsAsync(context.CancellationToken)).Contains(request.CallerRegion))
        {
            violations.Add("caller_region", "is not a known unit code");
        }

        violations.ThrowIfAny();
        var call = await switchboard.RouteAsync(
            request,
            request.CallId,
            string.IsNullOrEmpty(request.CallerRegion) ? null : request.CallerRegion,
            string.IsNullOrEmpty(request.CallerNumber) ? null : request.CallerNumber,
            context.CancellationToken);
        return await DecisionAsync(call, context.CancellationToken);
    }

    public override async Task<Call> ReportCallEvent(ReportCallEventRequest request, ServerCallContext context)
    {
        var caller = OverflowCaller.From(context);
        caller.Demand(caller.IsPlatform);
        var violations = new FieldViolations();
        OverflowValidation.CallId(violations, "call_id", request.CallId);
        violations.Defined("kind", request.Kind);
        violations.ThrowIfAny();

        var call = await switchboard.ReportAsync(request.CallId, request.Kind, context.CancellationToken);
        // A call that timed out ringing went back to the queue, which may have rung it again since;
        // any other report leaves the call as saved.
        if (request.Kind == CallEventKind.RingTimeout)
        {
            call = await db.Calls.AsNoTracking().SingleAsync(c => c.Id == call.Id, context.CancellationToken);
        }

        return await ViewAsync(caller, call, context.CancellationToken);
    }

    public override async Task<Call> RecordCallOutcome(RecordCallOutcomeRequest request, ServerCallContext context)
    {
        var caller = OverflowCaller.From(context);
        caller.Demand(caller.OperatorRsc is not null || caller.MemberId is not null);
        var violations = new FieldViolations();
        OverflowValidation.CallId(violations, "call_id", request.CallId);
        violations.Defined("outcome", request.Outcome);
        violations.MaxLength("note", request.Note, Model.OverflowLimits.OutcomeNote);
        violations.ThrowIfAny();

        var call = await db.RunAsync(async ct =>
        {
            var call = await db.Calls.SingleOrDefaultAsync(c => c.Id == request.CallId, ct);
            // Only who answered the call records what came of it.
            caller.Demand(call is not null && Handles(caller, call, answeredOnly: true));
            if (call!.Status is not (Model.CallState.Answered or Model.CallState.Completed))
            {
                throw new PreconditionFailedException("CALL_STATE", "Only an answered call has an outcome.");
            }

            call.Outcome = (int)request.Outcome;
            call.OutcomeNote = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
            call.Version++;
            await db.SaveChangesAsync(ct);
            return call;
        }, context.CancellationToken);
        return await ViewAsync(caller, call, context.CancellationToken);
    }

    public override async Task<Call> GetCall(GetCallRequest request, ServerCallContext context)
    {
        var caller = OverflowCaller.From(context);
        caller.Demand(caller.IsPlatform || caller.IsCoordinator || caller.OperatorRsc is not null || caller.MemberId is not null);
        var violations = new FieldViolations();
        OverflowValidation.CallId(violations, "call_id", request.CallId);
        violations.ThrowIfAny();

        var call = await db.Calls.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.CallId, context.CancellationToken);
        if (caller.IsPlatform || caller.IsCoordinator)
        {
            return call is null
                ? throw new NotFoundException("CALL_NOT_FOUND", "No call with this id was routed.")
                : await ViewAsync(caller, call, context.CancellationToken);
        }

        // An operator sees the calls forwarded to their RSC; a member the calls they were rung for.
        var seen = call is not null && (
            (caller.OperatorRsc is { } rsc && await db.ForwardedCalls.AnyAsync(f => f.CallId == call.Id && f.Rsc == rsc, context.CancellationToken))
            || (caller.MemberId is { } member && await db.CallSteps.AnyAsync(s => s.CallId == call.Id && s.TargetKind == Model.Target.Member && s.TargetId == member, context.CancellationToken)));
        caller.Demand(seen);
        return await ViewAsync(caller, call!, context.CancellationToken);
    }

    public override async Task<ListCallsResponse> ListCalls(ListCallsRequest request, ServerCallContext context)
    {
        var caller = OverflowCaller.From(context);
        caller.Demand(caller.IsCoordinator || caller.OperatorRsc is not null || caller.MemberId is not null);
        var violations = new FieldViolations();
        var page = Paging.Read(request.PageSize, request.PageToken, violations);
        var after = page.AfterKey is null ? ((DateTime At, string Id)?)null : CallKey.Parse(page.AfterKey, violations);
        violations.ThrowIfAny();

        var query = db.Calls.AsNoTracking();
        if (!caller.IsCoordinator)
        {
            // An operator sees the calls forwarded to their RSC; a member the calls they were rung for.
            var rsc = caller.OperatorRsc;
            var member = caller.MemberId;
            query = query.Where(c => (rsc != null && db.ForwardedCalls.Any(f => f.CallId == c.Id && f.Rsc == rsc))
                || (member != null && db.CallSteps.Any(s => s.CallId == c.Id && s.TargetKind == Model.Target.Member && s.TargetId == member)));
        }

        if (after is { } key)
        {
            query = query.Where(c => c.ArrivedAt < key.At || (c.ArrivedAt == key.At && string.Compare(c.Id, key.Id) < 0));
        }

        var calls = await query.OrderByDescending(c => c.ArrivedAt).ThenByDescending(c => c.Id).Take(page.Size + 1).ToListAsync(context.CancellationToken);
        var response = new ListCallsResponse();
        if (calls.Count > page.Size)
        {
            calls.RemoveAt(calls.Count - 1);
            response.NextPageToken = Paging.TokenAfter(CallKey.Of(calls[^1]));
        }

        foreach (var call in calls)
        {
            response.Calls.Add(await ViewAsync(caller, call, context.CancellationToken));
        }

        return response;
    }

    public override async Task WatchForwardedCalls(WatchForwardedCallsRequest request, IServerStreamWriter<ForwardedCall> responseStream, ServerCallContext context)
    {
        var caller = OverflowCaller.From(context);
        caller.Demand(caller.IsCoordinator || caller.OperatorRsc is not null);
        var violations = new FieldViolations();
        OverflowValidation.RscCode(violations, "rsc", request.Rsc);
        if (request.HasAfterPosition && request.AfterPosition < 0)
        {
            violations.Add("after_position", "must be 0 or a position received before");
        }

        if (request.Backlog is < 0 or > MaxBacklog)
        {
            violations.Add("backlog", $"must be between 0 and {MaxBacklog}");
        }

        violations.ThrowIfAny();
        caller.Demand(caller.IsCoordinator || caller.OperatorRsc == request.Rsc);
        var ct = context.CancellationToken;
        var rsc = await db.RegionalServiceCentres.AsNoTracking().SingleOrDefaultAsync(r => r.Code == request.Rsc, ct)
            ?? throw (caller.IsCoordinator ? new NotFoundException("RSC_NOT_FOUND", "No RSC with this code.") : OverflowCaller.Denied());

        var after = request.HasAfterPosition ? request.AfterPosition : Math.Max(0, rsc.ForwardSequence - request.Backlog);
        // Tells the client the stream is live from here on.
        await context.WriteResponseHeadersAsync([]);
        await foreach (var forwarded in ForwardedCallFeed.FollowAsync(db, forwardSignal, rsc.Code, after, ct))
        {
            await responseStream.WriteAsync(new ForwardedCall
            {
                Position = forwarded.Position,
                CallId = forwarded.CallId,
                OperatorId = forwarded.OperatorId,
                Reason = forwarded.Reason,
                QueuePosition = forwarded.QueuePosition,
                ForwardTime = Timestamp.FromDateTime(forwarded.ForwardedAt),
                CallerRegion = forwarded.CallerRegion ?? string.Empty,
            }, ct);
        }
    }

    /// <summary>Whether the caller is the one the call rings at or was answered by.</summary>
    private static bool Handles(OverflowCaller caller, Model.Call call, bool answeredOnly = false)
    {
        bool Is(Model.Target kind, string? id) =>
            id is not null && ((kind == Model.Target.Operator && caller.OperatorRsc is not null && id == caller.Id)
                || (kind == Model.Target.Member && caller.MemberId is not null && id == caller.MemberId));

        return Is(call.AnsweredByKind, call.AnsweredById) || (!answeredOnly && call.Status == Model.CallState.Ringing && Is(call.TargetKind, call.TargetId));
    }

    private async Task<RoutingDecision> DecisionAsync(Model.Call call, CancellationToken cancellationToken)
    {
        var decision = new RoutingDecision
        {
            CallId = call.Id,
            Action = (RoutingAction)(int)call.Action,
            TargetKind = (TargetKind)(int)call.TargetKind,
            TargetId = call.TargetId ?? string.Empty,
            Rsc = call.Rsc ?? string.Empty,
            Reason = call.Reason,
        };
        if (call.Action == Model.RouteAction.Ring)
        {
            decision.RingTimeout = Duration.FromTimeSpan(options.RingTimeout);
        }

        if (call.Status == Model.CallState.Queued)
        {
            // The place now, in order of arrival.
            decision.QueuePosition = await router.QueuePlaceAsync(call, cancellationToken);
            decision.EstimatedWait = Duration.FromTimeSpan(TimeSpan.FromSeconds(call.EstimatedWaitSeconds * decision.QueuePosition / (double)Math.Max(1, call.QueuePosition)));
        }

        return decision;
    }

    private async Task<Call> ViewAsync(OverflowCaller caller, Model.Call call, CancellationToken cancellationToken)
    {
        var message = new Call
        {
            Id = call.Id,
            CallerRegion = call.CallerRegion ?? string.Empty,
            CallerNumber = Handles(caller, call) ? call.CallerNumber ?? string.Empty : OverflowValidation.Mask(call.CallerNumber),
            Status = (CallStatus)(int)call.Status,
            ArriveTime = Timestamp.FromDateTime(call.ArrivedAt),
            AnswerTime = call.AnsweredAt is { } answered ? Timestamp.FromDateTime(answered) : null,
            EndTime = call.EndedAt is { } ended ? Timestamp.FromDateTime(ended) : null,
            AnsweredByKind = (TargetKind)(int)call.AnsweredByKind,
            AnsweredById = call.AnsweredById ?? string.Empty,
            AnsweredRsc = call.AnsweredRsc ?? string.Empty,
            Outcome = (CallOutcome)call.Outcome,
            OutcomeNote = call.OutcomeNote ?? string.Empty,
            Decision = await DecisionAsync(call, cancellationToken),
        };
        var steps = await StepsOf.For(db)(db, call.Id).ToListAsync(cancellationToken);
        message.History.AddRange(steps.Select(s => new RoutingStep
        {
            Time = Timestamp.FromDateTime(s.At),
            Action = s.Action.ToString().ToLowerInvariant(),
            TargetKind = (TargetKind)(int)s.TargetKind,
            TargetId = s.TargetId ?? string.Empty,
            Rsc = s.Rsc ?? string.Empty,
            Reason = s.Reason,
            Result = s.Result,
        }));
        return message;
    }

    /// <summary>The steps of a call, in the order they were taken.</summary>
    private static readonly CompiledQuery<Func<Infrastructure.OverflowDbContext, string, IAsyncEnumerable<Model.CallStep>>> StepsOf =
        new(() => EF.CompileAsyncQuery<Infrastructure.OverflowDbContext, string, Model.CallStep>((db, callId) =>
            db.CallSteps.AsNoTracking().Where(s => s.CallId == callId).OrderBy(s => s.Id)));
}
