using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Pvi.Overflow.V1;
using Pvi.PhoneOverflow.Infrastructure;
using Model = Pvi.PhoneOverflow.Model;

namespace Pvi.PhoneOverflow.Routing;

/// <summary>
/// The coordinator's figures of a time range: calls, who answered them, the service level, the
/// calls by local weekday and hour, and per RSC its load and the operators it needs (Erlang C).
/// </summary>
public sealed class OverflowReport(OverflowDbContext db, OverflowOptions options, OpeningHours openingHours)
{
    public async Task<OverflowFigures> BetweenAsync(DateTime start, DateTime end, DateTime now, CancellationToken ct)
    {
        var calls = await db.Calls.AsNoTracking().Where(c => c.ArrivedAt >= start && c.ArrivedAt < end).ToListAsync(ct);
        var forwarded = await db.ForwardedCalls.AsNoTracking().Where(f => f.ForwardedAt >= start && f.ForwardedAt < end).ToListAsync(ct);
        var rscCodes = await db.RegionalServiceCentres.AsNoTracking().Select(r => r.Code).ToListAsync(ct);

        var answered = calls.Where(c => c.AnsweredAt is not null).ToList();
        var figures = new OverflowFigures
        {
            StartTime = Timestamp.FromDateTime(start),
            EndTime = Timestamp.FromDateTime(end),
            Calls = calls.Count,
            AnsweredByMembers = answered.Count(c => c.AnsweredByKind == Model.Target.Member),
            AnsweredByRscs = answered.Count(c => c.AnsweredByKind == Model.Target.Operator),
            ServiceLevel = answered.Count == 0 ? 0 : (double)answered.Count(c => c.AnsweredAt!.Value - c.ArrivedAt <= options.ServiceLevelTime) / answered.Count,
            ServiceLevelTime = Duration.FromTimeSpan(options.ServiceLevelTime),
            Abandoned = calls.Count(c => c.Status == Model.CallState.Abandoned),
            Voicemail = calls.Count(c => c.Status == Model.CallState.Voicemail),
            LongestWait = Duration.FromTimeSpan(calls.Select(c => (c.WaitEndedAt ?? now) - c.ArrivedAt).DefaultIfEmpty(TimeSpan.Zero).Max()),
            ArrivedWhileAllClosed = calls.Count(c => c.ArrivedWhileAllClosed),
        };
        figures.PerHour.AddRange(calls
            .Select(c => openingHours.Local(c.ArrivedAt))
            .GroupBy(local => (Weekday: local.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)local.DayOfWeek, local.Hour))
            .OrderBy(g => g.Key.Weekday).ThenBy(g => g.Key.Hour)
            .Select(g => new HourlyCount { Weekday = g.Key.Weekday, Hour = g.Key.Hour, Calls = g.Count() }));

        var byId = calls.ToDictionary(c => c.Id, StringComparer.Ordinal);
        foreach (var code in rscCodes.Order(StringComparer.Ordinal))
        {
            var ofRsc = forwarded.Where(f => f.Rsc == code).ToList();
            var handled = answered.Where(c => c.AnsweredByKind == Model.Target.Operator && c.AnsweredRsc == code).ToList();
            var handleTimes = handled.Where(c => c.EndedAt is not null).Select(c => c.EndedAt!.Value - c.AnsweredAt!.Value).ToList();
            var meanHandle = handleTimes.Count > 0 ? TimeSpan.FromTicks((long)handleTimes.Average(t => t.Ticks)) : options.AverageHandleTime;
            var busiestHour = ofRsc.GroupBy(f => openingHours.Local(f.ForwardedAt) is var local ? (local.Date, local.Hour) : default).Select(g => g.Count()).DefaultIfEmpty(0).Max();

            // Forwarded calls occupy the RSC from the forward until the end of the conversation, or the end of the ring.
            var intervals = ofRsc.Select(f =>
            {
                var call = byId.GetValueOrDefault(f.CallId);
                var end = call is not null && call.AnsweredById == f.OperatorId && call.AnsweredRsc == code
                    ? call.EndedAt ?? now
                    : f.ForwardedAt + options.RingTimeout;
                return (Start: f.ForwardedAt, End: end);
            }).ToList();
            var peak = intervals.SelectMany(i => new[] { (At: i.Start, Delta: 1), (At: i.End, Delta: -1) })
                .OrderBy(e => e.At).ThenBy(e => e.Delta)
                .Aggregate((Current: 0, Peak: 0), (state, e) => (state.Current + e.Delta, Math.Max(state.Peak, state.Current + e.Delta))).Peak;

            figures.Rscs.Add(new RscFigures
            {
                Rsc = code,
                Answered = handled.Count,
                PeakConcurrent = peak,
                BusiestHourCalls = busiestHour,
                MeanHandleMinutes = handleTimes.Count > 0 ? meanHandle.TotalMinutes : 0,
                OperatorsNeeded = ErlangC.AgentsNeeded(busiestHour, meanHandle, options.ServiceLevelTarget, options.ServiceLevelTime),
            });
        }

        return figures;
    }
}
