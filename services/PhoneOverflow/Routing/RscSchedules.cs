using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Pvi.PhoneOverflow.Infrastructure;
using Pvi.PhoneOverflow.Model;
using Pvi.ServiceData;

namespace Pvi.PhoneOverflow.Routing;

/// <summary>
/// The RSCs as routing reads them: name, served units, hours and exceptions from memory, the rest
/// from the database. An RSC's own data changes only together with its version (an edit raises
/// it; a forwarded call moves only its stream position), so each reading is one row per RSC (code,
/// version, stream position), and an RSC whose version moved, by an edit on any replica, is loaded
/// again before it is used. The schedules held here are shared between calls and never changed;
/// a forward attaches <see cref="RscNow.Row"/>.
/// </summary>
public sealed class RscSchedules
{
    private readonly ConcurrentDictionary<string, RegionalServiceCentre> _schedules = new(StringComparer.Ordinal);

    /// <summary>Every RSC as it is now, in the order of its code.</summary>
    public async Task<IReadOnlyList<RscNow>> ReadAsync(OverflowDbContext db, CancellationToken cancellationToken)
    {
        var rows = await Positions.For(db)(db).ToListAsync(cancellationToken);
        var stale = rows.Where(r => !_schedules.TryGetValue(r.Code, out var held) || held.Version != r.Version).Select(r => r.Code).ToList();
        if (stale.Count > 0)
        {
            foreach (var loaded in await db.RegionalServiceCentres.AsNoTracking().Where(r => stale.Contains(r.Code)).ToListAsync(cancellationToken))
            {
                _schedules[loaded.Code] = loaded;
            }
        }

        return rows.Select(r => new RscNow(_schedules[r.Code], r.Version, r.ForwardSequence)).ToList();
    }

    private static readonly CompiledQuery<Func<OverflowDbContext, IAsyncEnumerable<RscPosition>>> Positions = new(() =>
        EF.CompileAsyncQuery((OverflowDbContext db) => db.RegionalServiceCentres.AsNoTracking()
            .OrderBy(r => r.Code)
            .Select(r => new RscPosition(r.Code, r.Version, r.ForwardSequence))));

    private sealed record RscPosition(string Code, int Version, long ForwardSequence);
}

/// <summary>
/// One RSC in a routing decision: its schedule (shared, read only) with the version and stream
/// position read in this unit of work.
/// </summary>
public sealed record RscNow(RegionalServiceCentre Schedule, int Version, long ForwardSequence)
{
    public string Code => Schedule.Code;

    /// <summary>
    /// The RSC's row as read, without its hours and exceptions, to attach for a forward: saving
    /// writes the stream position only, on condition that neither it nor the version moved since
    /// the reading.
    /// </summary>
    public RegionalServiceCentre Row() => new()
    {
        Code = Schedule.Code,
        Name = Schedule.Name,
        Unit = Schedule.Unit,
        ServedUnits = [.. Schedule.ServedUnits],
        Version = Version,
        ForwardSequence = ForwardSequence,
    };
}
