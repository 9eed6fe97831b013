using Microsoft.EntityFrameworkCore;
using Pvi.PhoneOverflow.Model;
using Pvi.PhoneOverflow.Routing;
using Pvi.ServiceData;

namespace Pvi.PhoneOverflow.Infrastructure;

/// <summary>
/// The fictional operators (seeds/overflow/operators.json, all signed out) and the Roze in Blauw
/// members of the NDV seeds (seeds/overflow/roze-in-blauw.json, all off duty), loaded into empty
/// tables when <c>Overflow:SeedDemoPeople</c> is on (the embedded default). The NDV service's member
/// events keep the roster up to date from then on.
/// </summary>
public sealed class DemoPeopleSeed(OverflowOptions options, TimeProvider time) : ISeedData<OverflowDbContext>
{
    public async Task SeedAsync(OverflowDbContext db, CancellationToken cancellationToken)
    {
        if (!options.SeedDemoPeople)
        {
            return;
        }

        if (!await db.Operators.AnyAsync(cancellationToken))
        {
            var operators = await SeedFiles.ReadAsync<List<DemoOperator>>("overflow/operators.json", cancellationToken);
            db.Operators.AddRange(operators.Select(o => new Operator { Id = o.Id, Name = o.Name, Rsc = o.Rsc, LgbtiqTrained = o.LgbtiqTrained }));
        }

        if (!await db.DutyMembers.AnyAsync(cancellationToken))
        {
            // Older than any member event, so that the register's own events win.
            var members = await SeedFiles.ReadAsync<List<DemoMember>>("overflow/roze-in-blauw.json", cancellationToken);
            db.DutyMembers.AddRange(members.Select(m => new DutyMember
            {
                MemberId = m.MemberId,
                Name = m.Name,
                HomeUnit = m.HomeUnit,
                IsRozeInBlauw = true,
                ConsentActive = m.ConsentActive,
                ChangedAt = time.GetUtcNow().UtcDateTime.AddYears(-1),
            }));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private sealed record DemoOperator(string Id, string Name, string Rsc, bool LgbtiqTrained);

    private sealed record DemoMember(string MemberId, string Name, string HomeUnit, bool ConsentActive);
}
