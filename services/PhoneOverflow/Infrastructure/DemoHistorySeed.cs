using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pvi.PhoneOverflow.Model;
using Pvi.PhoneOverflow.Routing;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Time;

namespace Pvi.PhoneOverflow.Infrastructure;

/// <summary>
/// The demo history of the embedded default (<c>Overflow:SeedDemoHistory</c>, off in Kubernetes):
/// the last weeks of calls to the line in the shape of seeds/overflow/demo-history.json, each
/// decided by the rules the router keeps (a free member on duty first, then an open RSC serving the
/// caller's region with a trained operator, then any open RSC, else the queue and voicemail), with
/// the RSCs' real opening hours and operators, their routing steps and the RSCs' forwarded-call
/// streams. Loaded once, into a line with demo operators and no calls; every call is closed, so
/// nobody is busy and no budget or capacity of today is taken.
/// </summary>
public sealed class DemoHistorySeed(OverflowOptions options, OpeningHours hours, LocalCalendar calendar, TimeProvider time) : ISeedData<OverflowDbContext>
{
    private const int RandomSeed = 20262;
    private const string MemberFree = "a Roze in Blauw member is on duty and free (longest idle)";
    private const string Queued = "nobody free: queued in order of arrival";

    public async Task SeedAsync(OverflowDbContext db, CancellationToken cancellationToken)
    {
        if (!options.SeedDemoHistory || await db.Calls.AnyAsync(cancellationToken) || !await db.Operators.AnyAsync(cancellationToken))
        {
            return;
        }

        var shape = await SeedFiles.ReadAsync<DemoHistory>("overflow/demo-history.json", cancellationToken);
        var rscs = await db.RegionalServiceCentres.OrderBy(r => r.Code).ToListAsync(cancellationToken);
        var operators = await db.Operators.AsNoTracking().OrderBy(o => o.Id).ToListAsync(cancellationToken);
        var members = await db.DutyMembers.AsNoTracking().Where(m => m.IsRozeInBlauw && m.ConsentActive).OrderBy(m => m.MemberId).ToListAsync(cancellationToken);
        var random = new Random(RandomSeed);
        var now = time.GetUtcNow().UtcDateTime;
        var today = calendar.Date(now);
        var hourTotal = shape.HourWeights.Sum();

        for (var day = today.AddDays(-shape.Days); day < today; day = day.AddDays(1))
        {
            var weekday = day.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)day.DayOfWeek;
            var count = Math.Max(0, shape.CallsPerDay[weekday - 1] + random.Next(-3, 4));
            var arrivals = Enumerable.Range(0, count).Select(_ =>
            {
                var hour = Pick(random, shape.HourWeights, hourTotal);
                var local = day.ToDateTime(new TimeOnly(hour, random.Next(60), random.Next(60)));
                return calendar.ToUtc(local);
            }).Order().ToList();

            for (var n = 0; n < arrivals.Count; n++)
            {
                var arrived = arrivals[n];
                var region = shape.Regions[random.Next(shape.Regions.Count)];
                var memberFree = members.Count > 0 && random.NextDouble() < shape.MemberFreeShare[hours.Local(arrived).Hour];
                var open = rscs.Where(r => hours.IsOpen(r, arrived)).ToList();
                var call = new Call
                {
                    Id = $"demo-{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-{n + 1:00}",
                    CallerRegion = region.Length == 0 ? null : region,
                    CallerNumber = $"+3197010{random.Next(100000, 999999).ToString(CultureInfo.InvariantCulture)}",
                    Fingerprint = "demo-history",
                    ArrivedAt = arrived,
                    ArrivedWhileAllClosed = !memberFree && open.Count == 0,
                    Version = 1,
                };
                db.Calls.Add(call);
                if (memberFree)
                {
                    var member = members[random.Next(members.Count)];
                    Ring(db, call, Target.Member, member.MemberId, null, MemberFree, arrived);
                    Answer(db, call, random, Target.Member, member.MemberId, null, arrived.AddSeconds(random.Next(3, 16)));
                    continue;
                }

                var forward = Forward(call, open, operators, random);
                var busy = forward is not null && random.NextDouble() < shape.AllBusyShare;
                if (forward is null || (busy && random.NextDouble() < 0.5))
                {
                    Step(db, call, RouteAction.Queue, Target.None, null, null, Queued, arrived, string.Empty);
                    call.Status = CallState.Queued;
                    if (random.NextDouble() < 0.4)
                    {
                        call.Status = CallState.Abandoned;
                        call.WaitEndedAt = call.EndedAt = arrived.AddSeconds(random.Next(20, (int)options.MaxQueueWait.TotalSeconds));
                    }
                    else
                    {
                        var voicemail = arrived + options.MaxQueueWait;
                        Step(db, call, RouteAction.Voicemail, Target.None, null, null,
                            $"nobody free within the longest allowed wait ({options.MaxQueueWait.TotalMinutes:0.#} min): voicemail or callback", voicemail, string.Empty);
                        call.Status = CallState.Voicemail;
                        call.WaitEndedAt = call.EndedAt = voicemail;
                    }

                    continue;
                }

                var (rsc, chosen, reason) = forward.Value;
                var forwardedAt = arrived.AddSeconds(1);
                var queuePosition = 0;
                if (busy)
                {
                    // Every operator busy: the caller waited in the queue until one came free.
                    queuePosition = random.Next(1, 4);
                    call.Status = CallState.Queued;
                    call.QueuePosition = queuePosition;
                    Step(db, call, RouteAction.Queue, Target.None, null, null, Queued, arrived, string.Empty);
                    forwardedAt = arrived.AddSeconds(random.Next(15, (int)options.MaxQueueWait.TotalSeconds - 30));
                }

                var ring = Ring(db, call, Target.Operator, chosen.Id, rsc.Code, reason, forwardedAt);
                db.ForwardedCalls.Add(rsc.Forward(call, chosen.Id, reason, queuePosition, forwardedAt));

                var roll = random.NextDouble();
                if (roll < shape.AbandonedShare)
                {
                    ring.Result = "abandoned";
                    call.Status = CallState.Abandoned;
                    call.WaitEndedAt = call.EndedAt = forwardedAt.AddSeconds(random.Next(3, (int)options.RingTimeout.TotalSeconds));
                    continue;
                }

                var answeredAt = forwardedAt.AddSeconds(random.Next(4, 18));
                if (roll < shape.AbandonedShare + shape.RingTimeoutShare)
                {
                    // Rang out at the first operator; a second one of the RSC answered.
                    ring.Result = "ring-timeout";
                    var second = operators.FirstOrDefault(o => o.Rsc == rsc.Code && o.Id != chosen.Id);
                    if (second is not null)
                    {
                        var again = forwardedAt + options.RingTimeout;
                        Ring(db, call, Target.Operator, second.Id, rsc.Code, reason, again);
                        db.ForwardedCalls.Add(rsc.Forward(call, second.Id, reason, queuePosition, again));
                        chosen = second;
                        answeredAt = again.AddSeconds(random.Next(4, 12));
                    }
                }

                Answer(db, call, random, Target.Operator, chosen.Id, rsc.Code, answeredAt);
                call.Outcome = Pick(random, shape.OutcomeWeights, shape.OutcomeWeights.Sum()) + 1;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The RSC and operator the router would pick for a call nobody on duty takes: the caller's regional RSC with a trained operator, then any open RSC.</summary>
    private static (RegionalServiceCentre Rsc, Operator Operator, string Reason)? Forward(Call call, List<RegionalServiceCentre> open, List<Operator> operators, Random random)
    {
        Operator? Free(RegionalServiceCentre rsc, bool trained)
        {
            var ofRsc = operators.Where(o => o.Rsc == rsc.Code && (!trained || o.LgbtiqTrained)).ToList();
            return ofRsc.Count == 0 ? null : ofRsc[random.Next(ofRsc.Count)];
        }

        if (call.CallerRegion is { } region && open.FirstOrDefault(r => r.ServedUnits.Contains(region)) is { } regional && Free(regional, trained: true) is { } local)
        {
            return (regional, local, $"no Roze in Blauw member free; the RSC of the caller's region ({region}) is open with a free LGBTIQ+-trained operator");
        }

        foreach (var rsc in open.OrderBy(_ => random.Next()))
        {
            if (Free(rsc, trained: true) is { } trained)
            {
                return (rsc, trained, "no Roze in Blauw member free; an open RSC with a free LGBTIQ+-trained operator (least loaded)");
            }
        }

        foreach (var rsc in open.OrderBy(_ => random.Next()))
        {
            if (Free(rsc, trained: false) is { } any)
            {
                return (rsc, any, "no Roze in Blauw member free and no trained operator free; an open RSC with a free operator (least loaded)");
            }
        }

        return null;
    }

    private static CallStep Ring(OverflowDbContext db, Call call, Target kind, string targetId, string? rsc, string reason, DateTime at)
    {
        call.Action = RouteAction.Ring;
        call.TargetKind = kind;
        call.TargetId = targetId;
        call.Rsc = rsc;
        call.Reason = reason;
        call.Status = CallState.Ringing;
        call.RingingSince = at;
        return Step(db, call, RouteAction.Ring, kind, targetId, rsc, reason, at, "ringing");
    }

    private static void Answer(OverflowDbContext db, Call call, Random random, Target kind, string id, string? rsc, DateTime at)
    {
        db.CallSteps.Local.Last(s => s.CallId == call.Id).Result = "answered";
        call.Status = CallState.Completed;
        call.AnsweredAt = call.WaitEndedAt = at;
        call.AnsweredByKind = kind;
        call.AnsweredById = id;
        call.AnsweredRsc = rsc;
        call.EndedAt = at.AddSeconds(random.Next(150, 1200));
    }

    private static CallStep Step(OverflowDbContext db, Call call, RouteAction action, Target kind, string? targetId, string? rsc, string reason, DateTime at, string result)
    {
        var step = new CallStep { CallId = call.Id, At = at, Action = action, TargetKind = kind, TargetId = targetId, Rsc = rsc, Reason = reason, Result = result };
        db.CallSteps.Add(step);
        return step;
    }

    private static int Pick(Random random, IReadOnlyList<int> weights, int total)
    {
        var roll = random.Next(total);
        for (var i = 0; i < weights.Count; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }

    private sealed record DemoHistory(
        int Days, List<int> CallsPerDay, List<int> HourWeights, List<double> MemberFreeShare,
        double AllBusyShare, double AbandonedShare, double RingTimeoutShare, List<string> Regions, List<int> OutcomeWeights);
}
