using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Pvi.Overflow.V1;
using Pvi.PhoneOverflow.Infrastructure;
using Pvi.PhoneOverflow.Routing;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Errors;
using Model = Pvi.PhoneOverflow.Model;

namespace Pvi.PhoneOverflow.Grpc;

/// <summary>The phone overflow API; role checks here, resource checks (own RSC, own call) in each method.</summary>
[Authorize(Roles = ServiceRoles.Overflow)]
public sealed partial class PhoneOverflowGrpcService(
    OverflowDbContext db,
    Switchboard switchboard,
    OverflowRouter router,
    OpeningHours openingHours,
    OverflowOptions options,
    ForwardSignal forwardSignal,
    OverflowReport figures,
    UnitCodes unitCodes) : PhoneOverflowService.PhoneOverflowServiceBase
{
    private static readonly HashSet<string> UpdatableRscFields = ["name", "served_units", "hours", "exceptions"];

    public override async Task<ListRegionalServiceCentresResponse> ListRegionalServiceCentres(ListRegionalServiceCentresRequest request, ServerCallContext context)
    {
        var page = await db.RegionalServiceCentres.AsNoTracking()
            .ToPageAsync(r => r.Code, Paging.Read(request.PageSize, request.PageToken), context.CancellationToken);

        var response = new ListRegionalServiceCentresResponse { NextPageToken = page.NextPageToken };
        response.RegionalServiceCentres.AddRange(page.Items.Select(ToMessage));
        return response;
    }

    public override async Task<RegionalServiceCentre> RegisterRegionalServiceCentre(RegisterRegionalServiceCentreRequest request, ServerCallContext context)
    {
        var caller = OverflowCaller.From(context);
        caller.Demand(caller.IsCoordinator);
        var input = request.Rsc ?? new RegionalServiceCentre();
        var units = await UnitsAsync(context.CancellationToken);

        var violations = new FieldViolations();
        OverflowValidation.RscCode(violations, "rsc.code", input.Code);
        violations.Required("rsc.name", input.Name).MaxLength("rsc.name", input.Name, Model.OverflowLimits.RscName);
        if (!units.Contains(input.Unit))
        {
            violations.Add("rsc.unit", "is not a known unit code");
        }

        var served = ServedUnits(violations, "rsc.served_units", input.ServedUnits, units);
        OverflowValidation.Hours(violations, "rsc.hours", input.Hours);
        var exceptions = OverflowValidation.Exceptions(violations, "rsc.exceptions", input.Exceptions);
        violations.ThrowIfAny();

        var rsc = new Model.RegionalServiceCentre
        {
            Code = input.Code,
            Name = input.Name.Trim(),
            Unit = input.Unit,
            ServedUnits = served.Count > 0 ? served : [input.Unit],
            Hours = input.Hours.Select(h => new Model.DailyHours { Weekday = h.Weekday, OpensMinute = h.OpensMinute, ClosesMinute = h.ClosesMinute }).ToList(),
            Exceptions = exceptions.Select(ToModel).ToList(),
        };
        await db.RunAsync(async ct =>
        {
            // Two creates of one code at once: the second sees the first's row when it runs again.
            if (await db.RegionalServiceCentres.AnyAsync(r => r.Code == input.Code, ct))
            {
                throw new AlreadyExistsException("RSC_EXISTS", $"An RSC with code {input.Code} is registered already.");
            }

            db.RegionalServiceCentres.Add(rsc);
            return await db.SaveChangesAsync(ct);
        }, context.CancellationToken, uniqueKeysGuard: true);
        return ToMessage(rsc);
    }

    public override async Task<RegionalServiceCentre> UpdateRegionalServiceCentre(UpdateRegionalServiceCentreRequest request, ServerCallContext context)
    {
        var caller = OverflowCaller.From(context);
        caller.Demand(caller.IsCoordinator);
        var input = request.Rsc ?? new RegionalServiceCentre();
        var paths = request.UpdateMask?.Paths.ToHashSet(StringComparer.Ordinal) ?? [];
        var units = await UnitsAsync(context.CancellationToken);

        var violations = new FieldViolations();
        OverflowValidation.RscCode(violations, "rsc.code", input.Code);
        if (paths.Count == 0)
        {
            violations.Add("update_mask", "must name at least one field");
        }

        foreach (var path in paths.Where(p => !UpdatableRscFields.Contains(p)))
        {
            violations.Add("update_mask", $"{path} cannot be changed (changeable: {string.Join(", ", UpdatableRscFields)})");
        }

        if (paths.Contains("name"))
        {
            violations.Required("rsc.name", input.Name).MaxLength("rsc.name", input.Name, Model.OverflowLimits.RscName);
        }

        var served = ServedUnits(violations, "rsc.served_units", input.ServedUnits, units);
        if (paths.Contains("served_units") && served.Count == 0)
        {
            violations.Add("rsc.served_units", "must name at least one unit");
        }

        OverflowValidation.Hours(violations, "rsc.hours", input.Hours);
        var exceptions = OverflowValidation.Exceptions(violations, "rsc.exceptions", input.Exceptions);
        violations.ThrowIfAny();

        return await db.RunAsync(async ct =>
        {
            var rsc = await db.RegionalServiceCentres.SingleOrDefaultAsync(r => r.Code == input.Code, ct)
                ?? throw new NotFoundException("RSC_NOT_FOUND", "No RSC with this code.");
            if (paths.Contains("name")) rsc.Name = input.Name.Trim();
            if (paths.Contains("served_units")) rsc.ServedUnits = served;
            if (paths.Contains("hours")) rsc.Hours = input.Hours.Select(h => new Model.DailyHours { Weekday = h.Weekday, OpensMinute = h.OpensMinute, ClosesMinute = h.ClosesMinute }).ToList();
            if (paths.Contains("exceptions")) rsc.Exceptions = exceptions.Select(ToModel).ToList();
            rsc.Version++;
            await db.SaveChangesAsync(ct);
            return ToMessage(rsc);
        }, context.CancellationToken);
    }

    public override async Task<Operator> SignIn(SignInRequest request, ServerCallContext context)
    {
        var caller = OverflowCaller.From(context);
        var rscCode = caller.OperatorRsc;
        caller.Demand(rscCode is not null);
        var operatorRow = await db.RunAsync(async ct =>
        {
            // A free target appears: ordered with the routing decisions, so the queue sees what they queued.
            await db.LockDecisionAsync(OverflowRouter.Decision, ct);
            if (!await db.RegionalServiceCentres.AnyAsync(r => r.Code == rscCode, ct))
            {
                throw new PreconditionFailedException("RSC_UNKNOWN", "The RSC in the operator's token is not registered.");
            }

            var op = await db.Operators.SingleOrDefaultAsync(o => o.Id == caller.Id, ct);
            if (op is null)
            {
                op = new Model.Operator { Id = caller.Id, Name = caller.Name, Rsc = rscCode! };
                db.Operators.Add(op);
            }

            op.Rsc = rscCode!;
            op.Name = caller.Name;
            if (!op.SignedIn)
            {
                op.SignedIn = true;
                op.SignedInAt = router.Now;
            }

            op.Version++;
            await db.SaveChangesAsync(ct);
            return op;
        }, context.CancellationToken);

        // A free operator takes the longest-waiting call at once.
        await switchboard.DispatchQueueAsync(context.CancellationToken);
        return ToMessage(await db.Operators.AsNoTracking().SingleAsync(o => o.Id == operatorRow.Id, context.CancellationToken));
    }

    public override async Task<Operator> SignOut(SignOutRequest request, ServerCallContext context)
    {
        var caller = OverflowCaller.From(context);
        caller.Demand(caller.OperatorRsc is not null);
        return await db.RunAsync(async ct =>
        {
            var op = await db.Operators.SingleOrDefaultAsync(o => o.Id == caller.Id, ct)
                ?? throw new PreconditionFailedException("NOT_SIGNED_IN", "The operator has never signed in.");
            op.SignedIn = false;
            op.Version++;
            await db.SaveChangesAsync(ct);
            return ToMessage(op);
        }, context.CancellationToken);
    }

    public override async Task<Operator> SetOperatorTraining(SetOperatorTrainingRequest request, ServerCallContext context)
    {
        var caller = OverflowCaller.From(context);
        caller.Demand(caller.IsCoordinator);
        var violations = new FieldViolations();
        violations.Required("operator_id", request.OperatorId).MaxLength("operator_id", request.OperatorId, Model.OverflowLimits.OperatorId);
        if (!string.IsNullOrEmpty(request.Rsc))
        {
            OverflowValidation.RscCode(violations, "rsc", request.Rsc);
        }

        violations.MaxLength("name", request.Name, Model.OverflowLimits.OperatorName);
        violations.ThrowIfAny();

        return await db.RunAsync(async ct =>
        {
            var op = await db.Operators.SingleOrDefaultAsync(o => o.Id == request.OperatorId, ct);
            if (op is null)
            {
                var missing = new FieldViolations();
                missing.Required("rsc", request.Rsc).Required("name", request.Name);
                missing.ThrowIfAny();
                if (!await db.RegionalServiceCentres.AnyAsync(r => r.Code == request.Rsc, ct))
                {
                    new FieldViolations().Add("rsc", "is not a registered RSC").ThrowIfAny();
                }

                op = new Model.Operator { Id = request.OperatorId, Name = request.Name.Trim(), Rsc = request.Rsc };
                db.Operators.Add(op);
            }

            op.LgbtiqTrained = request.LgbtiqTrained;
            op.Version++;
            await db.SaveChangesAsync(ct);
            return ToMessage(op);
        }, context.CancellationToken);
    }

    public override async Task<ListOperatorsResponse> ListOperators(ListOperatorsRequest request, ServerCallContext context)
    {
        var caller = OverflowCaller.From(context);
        caller.Demand(caller.IsCoordinator || caller.OperatorRsc is not null);
        var violations = new FieldViolations();
        var page = Paging.Read(request.PageSize, request.PageToken, violations);
        violations.ThrowIfAny();

        var rsc = caller.IsCoordinator ? request.Rsc : caller.OperatorRsc!;
        caller.Demand(caller.IsCoordinator || string.IsNullOrEmpty(request.Rsc) || request.Rsc == caller.OperatorRsc);
        var query = db.Operators.AsNoTracking();
        if (!string.IsNullOrEmpty(rsc))
        {
            query = query.Where(o => o.Rsc == rsc);
        }

        var result = await query.ToPageAsync(o => o.Id, page, context.CancellationToken);
        var response = new ListOperatorsResponse { NextPageToken = result.NextPageToken };
        response.Operators.AddRange(result.Items.Select(ToMessage));
        return response;
    }

    public override async Task<DutyMember> GoOnDuty(GoOnDutyRequest request, ServerCallContext context) =>
        await SetDutyAsync(OverflowCaller.From(context), onDuty: true, context.CancellationToken);

    public override async Task<DutyMember> GoOffDuty(GoOffDutyRequest request, ServerCallContext context) =>
        await SetDutyAsync(OverflowCaller.From(context), onDuty: false, context.CancellationToken);

    public override async Task<ListDutyRosterResponse> ListDutyRoster(ListDutyRosterRequest request, ServerCallContext context)
    {
        var caller = OverflowCaller.From(context);
        caller.Demand(caller.IsCoordinator);
        var members = await db.DutyMembers.AsNoTracking().Where(m => m.IsRozeInBlauw && m.ConsentActive).ToListAsync(context.CancellationToken);
        var response = new ListDutyRosterResponse();
        response.Members.AddRange(members.OrderByDescending(m => m.OnDuty).ThenBy(m => m.MemberId, StringComparer.Ordinal).Select(ToMessage));
        return response;
    }

    public override async Task<DutyMember> GetDutyMember(GetDutyMemberRequest request, ServerCallContext context)
    {
        var caller = OverflowCaller.From(context);
        var own = request.MemberId is "" or "me";
        caller.Demand(own ? caller.MemberId is not null : caller.IsCoordinator);
        var memberId = own ? caller.MemberId! : request.MemberId;
        var member = await db.DutyMembers.AsNoTracking().SingleOrDefaultAsync(m => m.MemberId == memberId && m.IsRozeInBlauw, context.CancellationToken)
            ?? throw new NotFoundException("MEMBER_NOT_ON_ROSTER", own ? "You are not on the Roze in Blauw roster." : "No member with this id is on the Roze in Blauw roster.");
        return ToMessage(member);
    }

    /// <summary>Only a Roze in Blauw member with consent goes on duty for the line, and only themselves.</summary>
    private async Task<DutyMember> SetDutyAsync(OverflowCaller caller, bool onDuty, CancellationToken cancellationToken)
    {
        var memberId = caller.MemberId;
        caller.Demand(memberId is not null);
        var member = await db.RunAsync(async ct =>
        {
            // A member going on duty is a free target: ordered with the routing decisions, so the queue sees what they queued.
            await db.LockDecisionAsync(OverflowRouter.Decision, ct);
            var member = await db.DutyMembers.SingleOrDefaultAsync(m => m.MemberId == memberId, ct);
            caller.Demand(member is not null && (member.MayTakeCalls || !onDuty));
            if (member!.OnDuty != onDuty)
            {
                member.OnDuty = onDuty;
                member.OnDutySince = onDuty ? router.Now : null;
                member.Version++;
                await db.SaveChangesAsync(ct);
            }

            return member;
        }, cancellationToken);

        if (onDuty)
        {
            await switchboard.DispatchQueueAsync(cancellationToken);
        }

        return ToMessage(member);
    }

    private ValueTask<IReadOnlySet<string>> UnitsAsync(CancellationToken cancellationToken) => unitCodes.GetAsync(cancellationToken);

    private static List<string> ServedUnits(FieldViolations violations, string field, IReadOnlyList<string> served, IReadOnlySet<string> units)
    {
        for (var i = 0; i < served.Count; i++)
        {
            if (!units.Contains(served[i]))
            {
                violations.Add($"{field}[{i}]", "is not a known unit code");
            }
        }

        return served.Distinct(StringComparer.Ordinal).ToList();
    }

    private static Model.OpeningException ToModel((DateOnly Date, OpeningException Source) e) => new()
    {
        Date = e.Date,
        Closed = e.Source.Closed,
        OpensMinute = e.Source.Closed ? 0 : e.Source.OpensMinute,
        ClosesMinute = e.Source.Closed ? 0 : e.Source.ClosesMinute,
    };

    private RegionalServiceCentre ToMessage(Model.RegionalServiceCentre rsc)
    {
        var message = new RegionalServiceCentre { Code = rsc.Code, Name = rsc.Name, Unit = rsc.Unit, OpenNow = openingHours.IsOpen(rsc, router.Now) };
        message.ServedUnits.AddRange(rsc.ServedUnits);
        message.Hours.AddRange(rsc.Hours.OrderBy(h => h.Weekday).ThenBy(h => h.OpensMinute)
            .Select(h => new DailyHours { Weekday = h.Weekday, OpensMinute = h.OpensMinute, ClosesMinute = h.ClosesMinute }));
        message.Exceptions.AddRange(rsc.Exceptions.OrderBy(e => e.Date).Select(e => new OpeningException
        {
            Date = e.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Closed = e.Closed,
            OpensMinute = e.OpensMinute,
            ClosesMinute = e.ClosesMinute,
        }));
        return message;
    }

    private static Operator ToMessage(Model.Operator op) => new()
    {
        Id = op.Id,
        Name = op.Name,
        Rsc = op.Rsc,
        SignedIn = op.SignedIn,
        LgbtiqTrained = op.LgbtiqTrained,
        CurrentCallId = op.CurrentCallId ?? string.Empty,
    };

    private static DutyMember ToMessage(Model.DutyMember member) => new()
    {
        MemberId = member.MemberId,
        Name = member.Name,
        HomeUnit = member.HomeUnit,
        OnDuty = member.OnDuty,
        CurrentCallId = member.CurrentCallId ?? string.Empty,
        MayTakeCalls = member.MayTakeCalls,
    };
}
