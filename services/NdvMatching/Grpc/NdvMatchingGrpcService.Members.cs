using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Pvi.Ndv.V1;
using Pvi.NdvMatching.Matching;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Errors;
using Model = Pvi.NdvMatching.Model;

namespace Pvi.NdvMatching.Grpc;

public sealed partial class NdvMatchingGrpcService
{
    private static readonly HashSet<string> UpdatableMemberFields = ["name", "email", "phone", "home_unit", "networks", "expertise_tags", "languages"];

    public override async Task<Member> RegisterMember(RegisterMemberRequest request, ServerCallContext context)
    {
        var caller = NdvCaller.From(context);
        caller.Demand(caller.IsCoordinator);
        var vocabulary = await vocabularies.GetAsync(context.CancellationToken);
        var input = request.Member ?? new Member();

        var violations = new FieldViolations();
        if (!string.IsNullOrEmpty(input.Id))
        {
            NdvValidation.MemberId(violations, "member.id", input.Id);
        }

        NdvValidation.Name(violations, "member.name", input.Name);
        NdvValidation.Email(violations, "member.email", input.Email);
        NdvValidation.Phone(violations, "member.phone", input.Phone);
        NdvValidation.Unit(violations, "member.home_unit", input.HomeUnit, vocabulary);
        var networks = NdvValidation.Networks(violations, "member.networks", input.Networks, vocabulary);
        var tags = NdvValidation.Tags(violations, "member.expertise_tags", input.ExpertiseTags, vocabulary);
        var languages = NdvValidation.Languages(violations, "member.languages", input.Languages);
        violations.ThrowIfAny();
        caller.Demand(caller.Coordinates(input.HomeUnit));

        var id = string.IsNullOrEmpty(input.Id) ? $"ndv-{Guid.NewGuid():N}"[..16] : input.Id;
        var member = new Model.Member
        {
            Id = id,
            Name = input.Name.Trim(),
            Email = input.Email.Trim(),
            Phone = input.Phone.Trim(),
            HomeUnit = input.HomeUnit,
            Networks = networks,
            ExpertiseTags = tags,
            Languages = languages,
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        try
        {
            await db.RunAsync(async ct =>
            {
                db.Members.Add(member);
                PublishMemberChanged(member);
                return await db.SaveChangesAsync(ct);
            }, context.CancellationToken);
        }
        catch (DbUpdateException ex) when (OptimisticConcurrency.IsUniqueViolation(ex))
        {
            throw new AlreadyExistsException("MEMBER_EXISTS", $"A member with id {id} is already registered.");
        }

        return member.ToMessage();
    }

    public override async Task<Member> UpdateMember(UpdateMemberRequest request, ServerCallContext context)
    {
        var caller = NdvCaller.From(context);
        caller.Demand(caller.IsCoordinator);
        var vocabulary = await vocabularies.GetAsync(context.CancellationToken);
        var input = request.Member ?? new Member();
        var paths = request.UpdateMask?.Paths.ToList() ?? [];

        var violations = new FieldViolations();
        NdvValidation.MemberId(violations, "member.id", input.Id);
        if (paths.Count == 0)
        {
            violations.Add("update_mask", "must name at least one field");
        }

        foreach (var path in paths.Where(p => !UpdatableMemberFields.Contains(p)))
        {
            violations.Add("update_mask", $"{path} cannot be changed (changeable: {string.Join(", ", UpdatableMemberFields)})");
        }

        var set = paths.ToHashSet(StringComparer.Ordinal);
        if (set.Contains("name")) NdvValidation.Name(violations, "member.name", input.Name);
        if (set.Contains("email")) NdvValidation.Email(violations, "member.email", input.Email);
        if (set.Contains("phone")) NdvValidation.Phone(violations, "member.phone", input.Phone);
        if (set.Contains("home_unit")) NdvValidation.Unit(violations, "member.home_unit", input.HomeUnit, vocabulary);
        var networks = NdvValidation.Networks(violations, "member.networks", input.Networks, vocabulary);
        var tags = NdvValidation.Tags(violations, "member.expertise_tags", input.ExpertiseTags, vocabulary);
        var languages = NdvValidation.Languages(violations, "member.languages", input.Languages);
        violations.ThrowIfAny();

        return await db.RunAsync(async ct =>
        {
            await db.LockDecisionAsync(ExpertiseMatcher.Decision, ct);
            var member = await VisibleMemberAsync(caller, input.Id, memberMayAct: false, ct);
            // A unit coordinator cannot move a member into a unit they do not coordinate.
            caller.Demand(!set.Contains("home_unit") || caller.Coordinates(input.HomeUnit));

            if (set.Contains("name")) member.Name = input.Name.Trim();
            if (set.Contains("email")) member.Email = input.Email.Trim();
            if (set.Contains("phone")) member.Phone = input.Phone.Trim();
            if (set.Contains("home_unit")) member.HomeUnit = input.HomeUnit;
            if (set.Contains("networks")) member.Networks = networks;
            if (set.Contains("expertise_tags")) member.ExpertiseTags = tags;
            if (set.Contains("languages")) member.Languages = languages;
            member.Touch(Now);
            PublishMemberChanged(member);
            await db.SaveChangesAsync(ct);
            return member.ToMessage();
        }, context.CancellationToken);
    }

    public override async Task<Member> GetMember(GetMemberRequest request, ServerCallContext context)
    {
        var caller = NdvCaller.From(context);
        caller.Demand(caller.IsCoordinator || caller.MemberId is not null);
        return (await VisibleMemberAsync(caller, request.MemberId, memberMayAct: true, context.CancellationToken, tracked: false)).ToMessage();
    }

    public override async Task<ListMembersResponse> ListMembers(ListMembersRequest request, ServerCallContext context)
    {
        var caller = NdvCaller.From(context);
        caller.Demand(caller.IsCoordinator);
        var vocabulary = await vocabularies.GetAsync(context.CancellationToken);

        var violations = new FieldViolations();
        NdvValidation.Unit(violations, "unit", request.Unit, vocabulary, required: false);
        if (!string.IsNullOrEmpty(request.Network) && !vocabulary.Networks.ContainsKey(request.Network))
        {
            violations.Add("network", "is not a known network code");
        }

        if (!string.IsNullOrEmpty(request.ExpertiseTag) && !vocabulary.Tags.ContainsKey(request.ExpertiseTag))
        {
            violations.Add("expertise_tag", "is not a known expertise tag");
        }

        var page = Paging.Read(request.PageSize, request.PageToken, violations);
        violations.ThrowIfAny();

        var unit = caller.IsNational ? request.Unit : caller.Unit ?? string.Empty;
        caller.Demand(string.IsNullOrEmpty(request.Unit) || caller.Coordinates(request.Unit));

        var query = db.Members.AsNoTracking().Include(m => m.Unavailable).AsQueryable();
        if (!string.IsNullOrEmpty(unit))
        {
            query = query.Where(m => m.HomeUnit == unit);
        }

        if (!string.IsNullOrEmpty(request.Network))
        {
            query = query.Where(m => m.Networks.Contains(request.Network));
        }

        if (!string.IsNullOrEmpty(request.ExpertiseTag))
        {
            query = query.Where(m => m.ExpertiseTags.Contains(request.ExpertiseTag));
        }

        var result = await query.AsSplitQuery().ToPageAsync(m => m.Id, page, context.CancellationToken);
        var response = new ListMembersResponse { NextPageToken = result.NextPageToken };
        response.Members.AddRange(result.Items.Select(m => m.ToMessage()));
        return response;
    }

    public override async Task<Member> RecordConsent(RecordConsentRequest request, ServerCallContext context)
    {
        var caller = NdvCaller.From(context);
        caller.Demand(caller.MemberId is not null);
        return await db.RunAsync(async ct =>
        {
            var member = await OwnMemberAsync(caller, request.MemberId, ct);
            if (!member.ConsentActive)
            {
                member.ConsentActive = true;
                member.ConsentRecordedAt = Now;
                member.Touch(Now);
                PublishMemberChanged(member);
                await db.SaveChangesAsync(ct);
            }

            return member.ToMessage();
        }, context.CancellationToken);
    }

    public override async Task<Member> WithdrawConsent(WithdrawConsentRequest request, ServerCallContext context)
    {
        var caller = NdvCaller.From(context);
        caller.Demand(caller.MemberId is not null);
        return await db.RunAsync(async ct =>
        {
            await db.LockDecisionAsync(ExpertiseMatcher.Decision, ct);
            var member = await OwnMemberAsync(caller, request.MemberId, ct);
            if (!member.ConsentActive)
            {
                return member.ToMessage();
            }

            member.ConsentActive = false;
            member.ConsentWithdrawnAt = Now;
            member.Touch(Now);
            PublishMemberChanged(member);

            // Every open offer goes at once; each request moves to its next candidate, saved one
            // by one (in the unit of work's transaction) so that each sees the budgets the previous one took.
            await db.SaveChangesAsync(ct);
            var pending = await db.Offers.Include(o => o.Request)
                .Where(o => o.MemberId == member.Id && o.Status == Model.OfferState.Pending)
                .ToListAsync(ct);
            foreach (var offer in pending)
            {
                await matcher.CloseUnansweredAsync(offer, offer.Request!, Model.OfferState.Withdrawn, caller.Id, ct);
                await db.SaveChangesAsync(ct);
            }

            return member.ToMessage();
        }, context.CancellationToken);
    }

    public override async Task<Member> SetAvailability(SetAvailabilityRequest request, ServerCallContext context)
    {
        var caller = NdvCaller.From(context);
        caller.Demand(caller.IsCoordinator || caller.MemberId is not null);

        var violations = new FieldViolations();
        NdvValidation.MemberId(violations, "member_id", request.MemberId);
        if (request.Unavailable.Count > 100)
        {
            violations.Add("unavailable", "must hold at most 100 periods");
        }

        var periods = new List<(DateTime Start, DateTime End, string Note)>();
        for (var i = 0; i < request.Unavailable.Count && i < 100; i++)
        {
            var period = request.Unavailable[i];
            var start = violations.Time($"unavailable[{i}].start_time", period.StartTime, required: true);
            var end = violations.Time($"unavailable[{i}].end_time", period.EndTime, required: true);
            violations.MaxLength($"unavailable[{i}].note", period.Note, Model.NdvLimits.UnavailableNote);
            if (start is { } s && end is { } e)
            {
                if (e <= s)
                {
                    violations.Add($"unavailable[{i}].end_time", "must be after start_time");
                }

                periods.Add((s, e, period.Note));
            }
        }

        violations.ThrowIfAny();
        return await db.RunAsync(async ct =>
        {
            await db.LockDecisionAsync(ExpertiseMatcher.Decision, ct);
            var member = await VisibleMemberAsync(caller, request.MemberId, memberMayAct: true, ct);
            db.UnavailablePeriods.RemoveRange(member.Unavailable);
            member.Unavailable = periods.Select(p => new Model.UnavailablePeriod { MemberId = member.Id, Start = p.Start, End = p.End, Note = p.Note.Trim() }).ToList();
            member.Touch(Now);
            await db.SaveChangesAsync(ct);
            return member.ToMessage();
        }, context.CancellationToken);
    }

    public override async Task<MemberBudget> GetMemberBudget(GetMemberBudgetRequest request, ServerCallContext context)
    {
        var caller = NdvCaller.From(context);
        caller.Demand(caller.IsCoordinator || caller.MemberId is not null);

        var violations = new FieldViolations();
        NdvValidation.MemberId(violations, "member_id", request.MemberId);
        var at = violations.Time("period_time", request.PeriodTime) ?? Now;
        violations.ThrowIfAny();

        var member = await VisibleMemberAsync(caller, request.MemberId, memberMayAct: true, context.CancellationToken, tracked: false);
        var use = await budgets.ForMemberAsync(member, at, Now, context.CancellationToken);
        return new MemberBudget
        {
            MemberId = member.Id,
            PeriodStartTime = Timestamp.FromDateTime(use.Period.Start),
            PeriodEndTime = Timestamp.FromDateTime(use.Period.End),
            BudgetHours = DutyBudgets.ToHours(use.BudgetMinutes),
            UsedHours = DutyBudgets.ToHours(use.UsedMinutes),
            ReservedHours = DutyBudgets.ToHours(use.ReservedMinutes),
            RemainingHours = DutyBudgets.ToHours(use.RemainingMinutes),
            GuidelineScope = use.GuidelineScope,
        };
    }

    public override async Task<BudgetGuideline> SetBudgetGuideline(SetBudgetGuidelineRequest request, ServerCallContext context)
    {
        var caller = NdvCaller.From(context);
        caller.Demand(caller.IsCoordinator);
        var vocabulary = await vocabularies.GetAsync(context.CancellationToken);

        var violations = new FieldViolations();
        if (request.Scope != Model.BudgetGuideline.National)
        {
            NdvValidation.Unit(violations, "scope", request.Scope, vocabulary);
        }

        if (!double.IsFinite(request.HoursPerPeriod) || request.HoursPerPeriod < 0 || request.HoursPerPeriod > 2000)
        {
            violations.Add("hours_per_period", "must be between 0 and 2000");
        }

        violations.ThrowIfAny();
        caller.Demand(request.Scope == Model.BudgetGuideline.National ? caller.IsNational : caller.Coordinates(request.Scope));

        var guideline = await db.RunAsync(async ct =>
        {
            await db.LockDecisionAsync(ExpertiseMatcher.Decision, ct);
            var guideline = await db.BudgetGuidelines.SingleOrDefaultAsync(g => g.Scope == request.Scope, ct);
            if (guideline is null)
            {
                guideline = new Model.BudgetGuideline { Scope = request.Scope };
                db.BudgetGuidelines.Add(guideline);
            }

            guideline.HoursPerPeriod = request.HoursPerPeriod;
            guideline.UpdatedAt = Now;
            guideline.UpdatedBy = caller.Id;
            await db.SaveChangesAsync(ct);
            return guideline;
        }, context.CancellationToken, uniqueKeysGuard: true);
        return guideline.ToMessage();
    }

    public override async Task<ListBudgetGuidelinesResponse> ListBudgetGuidelines(ListBudgetGuidelinesRequest request, ServerCallContext context)
    {
        var caller = NdvCaller.From(context);
        caller.Demand(caller.IsCoordinator);

        var guidelines = await db.BudgetGuidelines.AsNoTracking().ToListAsync(context.CancellationToken);
        var response = new ListBudgetGuidelinesResponse { Period = budgets.Periods.Length.ToString().ToLowerInvariant() };
        response.Guidelines.AddRange(guidelines
            .OrderBy(g => g.Scope == Model.BudgetGuideline.National ? 0 : 1)
            .ThenBy(g => g.Scope, StringComparer.Ordinal)
            .Select(g => g.ToMessage()));
        return response;
    }

    /// <summary>Consent is the member's own act: nobody records or withdraws it for them.</summary>
    private async Task<Model.Member> OwnMemberAsync(NdvCaller caller, string memberId, CancellationToken cancellationToken)
    {
        var violations = new FieldViolations();
        NdvValidation.MemberId(violations, "member_id", memberId);
        violations.ThrowIfAny();
        caller.Demand(caller.Is(memberId));
        return await db.Members.Include(m => m.Unavailable).SingleOrDefaultAsync(m => m.Id == memberId, cancellationToken)
            ?? throw NdvCaller.Denied();
    }

    private void PublishMemberChanged(Model.Member member) => outbox.Enqueue(member.Id, MemberEvents.Changed(member, Now));
}
