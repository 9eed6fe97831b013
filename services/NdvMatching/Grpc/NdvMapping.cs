using Google.Protobuf.WellKnownTypes;
using Pvi.NdvMatching.Matching;
using Pvi.NdvMatching.Model;
using V1 = Pvi.Ndv.V1;

namespace Pvi.NdvMatching.Grpc;

/// <summary>From the stored model to the API's messages; each view shows only what its reader may see.</summary>
public static class NdvMapping
{
    public static Timestamp? Time(DateTime? value) => value is { } time ? Timestamp.FromDateTime(time) : null;

    public static V1.Member ToMessage(this Member member)
    {
        var message = new V1.Member
        {
            Id = member.Id,
            Name = member.Name,
            Email = member.Email,
            Phone = member.Phone,
            HomeUnit = member.HomeUnit,
            Consent = new V1.Consent
            {
                Active = member.ConsentActive,
                RecordTime = Time(member.ConsentRecordedAt),
                WithdrawTime = Time(member.ConsentWithdrawnAt),
            },
            LastAssignedTime = Time(member.LastAssignedAt),
            CreateTime = Time(member.CreatedAt),
            UpdateTime = Time(member.UpdatedAt),
        };
        message.Networks.AddRange(member.Networks);
        message.ExpertiseTags.AddRange(member.ExpertiseTags);
        message.Languages.AddRange(member.Languages);
        message.Unavailable.AddRange(member.Unavailable.OrderBy(p => p.Start).Select(p => new V1.UnavailablePeriod
        {
            StartTime = Time(p.Start),
            EndTime = Time(p.End),
            Note = p.Note,
        }));
        return message;
    }

    public static V1.ExpertiseTag ToMessage(this ExpertiseTag tag) => new()
    {
        Code = tag.Code,
        Category = tag.Category,
        LabelNl = tag.LabelNl,
        LabelEn = tag.LabelEn,
    };

    public static V1.Urgency ToMessage(this RequestUrgency urgency) => (V1.Urgency)(int)urgency;

    public static V1.ExpertiseRequestStatus ToMessage(this RequestStatus status) => (V1.ExpertiseRequestStatus)(int)status;

    public static V1.OfferStatus ToMessage(this OfferState status) => (V1.OfferStatus)(int)status;

    /// <summary>What anyone allowed to see the request sees: the ask and its state, no people.</summary>
    public static V1.ExpertiseRequest ToSummary(this ExpertiseRequest request)
    {
        var message = new V1.ExpertiseRequest
        {
            Id = request.Id,
            Unit = request.Unit,
            Team = request.Team ?? string.Empty,
            Urgency = request.Urgency.ToMessage(),
            ExpectedHours = DutyBudgets.ToHours(request.ExpectedMinutes),
            Description = request.Description,
            Status = request.Status.ToMessage(),
            CreateTime = Time(request.CreatedAt),
            MatchTime = Time(request.MatchedAt),
            CompleteTime = Time(request.Status == RequestStatus.Completed ? request.ClosedAt : null),
            HoursSpent = request.SpentMinutes is { } spent ? DutyBudgets.ToHours(spent) : 0,
        };
        message.NeededExpertise.AddRange(request.NeededExpertise);
        message.Languages.AddRange(request.Languages);
        return message;
    }

    /// <summary>services/NdvMatching/README.md: the requesting team sees the matched member's name, unit, contact and matched labels, never the profile.</summary>
    public static V1.MatchedMember ToMatchedMember(this Member member, ExpertiseRequest request, Vocabulary vocabulary)
    {
        var matched = new V1.MatchedMember
        {
            Name = member.Name,
            Unit = member.HomeUnit,
            Email = member.Email,
            Phone = member.Phone,
        };
        matched.MatchedExpertise.AddRange(request.NeededExpertise
            .Where(member.ExpertiseTags.Contains)
            .Select(code => vocabulary.Tags.TryGetValue(code, out var tag) ? tag.ToMessage() : new V1.ExpertiseTag { Code = code }));
        matched.MatchedLanguages.AddRange(request.Languages.Where(member.Languages.Contains));
        return matched;
    }

    public static V1.Offer ToMessage(this Offer offer, ExpertiseRequest? request)
    {
        var message = new V1.Offer
        {
            Id = offer.Id,
            RequestId = offer.RequestId,
            MemberId = offer.MemberId,
            Status = offer.Status.ToMessage(),
            Rank = offer.Rank,
            OfferTime = Time(offer.OfferedAt),
            ExpireTime = Time(offer.ExpiresAt),
            CloseTime = Time(offer.ClosedAt),
            DeclineReason = offer.DeclineReason ?? string.Empty,
            HoursSpent = offer.SpentMinutes is { } spent ? DutyBudgets.ToHours(spent) : 0,
            Request = request?.ToSummary(),
        };
        return message;
    }

    public static V1.RequestHistoryEntry ToMessage(this RequestHistoryEntry entry) => new()
    {
        Time = Time(entry.At),
        Kind = entry.Kind,
        MemberId = entry.MemberId ?? string.Empty,
        Actor = entry.Actor,
        Detail = entry.Detail ?? string.Empty,
    };

    public static V1.Proposal ToMessage(this RankedCandidate ranked)
    {
        var proposal = new V1.Proposal
        {
            Rank = ranked.Rank,
            MemberId = ranked.Candidate.MemberId,
            Name = ranked.Candidate.Name,
            Unit = ranked.Candidate.HomeUnit,
            Coverage = ranked.Coverage,
            SameUnit = ranked.SameUnit,
            LastAssignedTime = Time(ranked.Candidate.LastAssignedAt),
            UsedHours = DutyBudgets.ToHours(ranked.Candidate.UsedMinutes),
            RemainingHours = DutyBudgets.ToHours(ranked.Candidate.RemainingMinutes),
        };
        proposal.MatchedExpertise.AddRange(ranked.MatchedExpertise);
        proposal.MatchedLanguages.AddRange(ranked.MatchedLanguages);
        proposal.Reasons.AddRange(ranked.Reasons);
        return proposal;
    }

    public static V1.BudgetGuideline ToMessage(this BudgetGuideline guideline) => new()
    {
        Scope = guideline.Scope,
        HoursPerPeriod = guideline.HoursPerPeriod,
        UpdateTime = Time(guideline.UpdatedAt),
        UpdatedBy = guideline.UpdatedBy,
    };
}
