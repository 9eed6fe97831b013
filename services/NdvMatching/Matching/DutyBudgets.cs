using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Pvi.ServiceData;
using Pvi.NdvMatching.Infrastructure;
using Pvi.NdvMatching.Model;

namespace Pvi.NdvMatching.Matching;

/// <summary>
/// Duty-time budgets: the unit's override, else the national base, per member per period. Completed
/// hours count in the period they were completed in; pending offers and accepted, unfinished
/// requests hold their expected hours in the current period so no offer can overdraw a budget.
/// The figures are added up by the database in the query that reads the members.
/// </summary>
public sealed class DutyBudgets(NdvDbContext db, BudgetPeriods periods)
{
    public BudgetPeriods Periods => periods;

    public async Task<IReadOnlyDictionary<string, double>> GuidelinesAsync(CancellationToken cancellationToken) =>
        await db.BudgetGuidelines.AsNoTracking().ToDictionaryAsync(g => g.Scope, g => g.HoursPerPeriod, StringComparer.Ordinal, cancellationToken);

    public static (string Scope, int Minutes) BudgetOf(IReadOnlyDictionary<string, double> guidelines, string unit) =>
        BudgetOf(
            unit,
            guidelines.TryGetValue(unit, out var hours) ? hours : (double?)null,
            guidelines.TryGetValue(BudgetGuideline.National, out var national) ? national : (double?)null);

    /// <summary>The unit's own guideline if it has one, else the national base, else nothing.</summary>
    public static (string Scope, int Minutes) BudgetOf(string unit, double? unitHours, double? nationalHours) =>
        unitHours is { } hours ? (unit, ToMinutes(hours))
        : nationalHours is { } national ? (BudgetGuideline.National, ToMinutes(national))
        : (BudgetGuideline.National, 0);

    /// <summary>
    /// The members of <paramref name="memberIds"/> with their budget figures for the period, in one
    /// query (<see cref="WithFigures{T1}"/>).
    /// </summary>
    public ValueTask<List<MemberBudgetRow>> WithBudgetAsync(List<string> memberIds, BudgetPeriod period, DateTime now, CancellationToken cancellationToken) =>
        ById.For(db)(db, memberIds, period.Start, period.End, period.Contains(now)).ToListAsync(cancellationToken);

    private static readonly CompiledQuery<Func<NdvDbContext, List<string>, DateTime, DateTime, bool, IAsyncEnumerable<MemberBudgetRow>>> ById =
        new(() => EF.CompileAsyncQuery(WithFigures((NdvDbContext db, List<string> memberIds, DateTime start, DateTime end, bool current) =>
            db.Members.Where(m => memberIds.Contains(m.Id)))));

    /// <summary>
    /// The members a query selects, each with the figures of their budget for a period, added up by
    /// the database in the same statement: used minutes (completed requests and Roze in Blauw calls
    /// in the period), reserved minutes (pending and accepted offers, only when the period is the
    /// current one) and the guidelines that apply. The query's last three parameters are the
    /// period's start and end and whether it is the current one.
    /// </summary>
    public static Expression<Func<NdvDbContext, T1, DateTime, DateTime, bool, IQueryable<MemberBudgetRow>>> WithFigures<T1>(
        Expression<Func<NdvDbContext, T1, DateTime, DateTime, bool, IQueryable<Member>>> members) =>
        WithFigures<Func<NdvDbContext, T1, DateTime, DateTime, bool, IQueryable<MemberBudgetRow>>>(members);

    /// <inheritdoc cref="WithFigures{T1}"/>
    public static Expression<Func<NdvDbContext, T1, T2, T3, DateTime, DateTime, bool, IQueryable<MemberBudgetRow>>> WithFigures<T1, T2, T3>(
        Expression<Func<NdvDbContext, T1, T2, T3, DateTime, DateTime, bool, IQueryable<Member>>> members) =>
        WithFigures<Func<NdvDbContext, T1, T2, T3, DateTime, DateTime, bool, IQueryable<MemberBudgetRow>>>(members);

    private static Expression<TRows> WithFigures<TRows>(LambdaExpression members)
    {
        var parameters = members.Parameters;
        var figures = ReplacingExpressionVisitor.Replace(
            [Figures.Parameters[0], Figures.Parameters[2], Figures.Parameters[3], Figures.Parameters[4]],
            [parameters[0], parameters[^3], parameters[^2], parameters[^1]],
            Figures.Body);
        var select = Expression.Call(
            typeof(Queryable), nameof(Queryable.Select), [typeof(Member), typeof(MemberBudgetRow)],
            members.Body, Expression.Quote(Expression.Lambda(figures, Figures.Parameters[1])));
        return Expression.Lambda<TRows>(select, parameters);
    }

    private static readonly Expression<Func<NdvDbContext, Member, DateTime, DateTime, bool, MemberBudgetRow>> Figures =
        (db, m, start, end, current) => new MemberBudgetRow
        {
            Id = m.Id,
            Name = m.Name,
            HomeUnit = m.HomeUnit,
            ExpertiseTags = m.ExpertiseTags,
            Languages = m.Languages,
            LastAssignedAt = m.LastAssignedAt,
            UsedMinutes = db.Offers
                    .Where(o => o.MemberId == m.Id && o.Status == OfferState.Completed && o.CompletedAt >= start && o.CompletedAt < end)
                    .Sum(o => o.SpentMinutes ?? 0)
                // Calls of the Roze in Blauw line the member answered count as NDV work too.
                + db.WorkRecords.Where(w => w.MemberId == m.Id && w.DoneAt >= start && w.DoneAt < end).Sum(w => w.Minutes),
            ReservedMinutes = db.Offers
                .Where(o => current && o.MemberId == m.Id && (o.Status == OfferState.Pending || o.Status == OfferState.Accepted))
                .Sum(o => o.ExpectedMinutes),
            UnitHours = db.BudgetGuidelines.Where(g => g.Scope == m.HomeUnit).Select(g => (double?)g.HoursPerPeriod).FirstOrDefault(),
            NationalHours = db.BudgetGuidelines.Where(g => g.Scope == BudgetGuideline.National).Select(g => (double?)g.HoursPerPeriod).FirstOrDefault(),
        };

    public async Task<BudgetUse> ForMemberAsync(Member member, DateTime at, DateTime now, CancellationToken cancellationToken)
    {
        var period = periods.Containing(at);
        var row = (await WithBudgetAsync([member.Id], period, now, cancellationToken)).Single();
        var (scope, minutes) = row.Budget;
        return new BudgetUse(period, scope, minutes, row.UsedMinutes, row.ReservedMinutes);
    }

    public static int ToMinutes(double hours) => (int)Math.Round(hours * 60, MidpointRounding.AwayFromZero);

    public static double ToHours(int minutes) => minutes / 60.0;
}
