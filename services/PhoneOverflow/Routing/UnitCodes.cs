using Microsoft.EntityFrameworkCore;
using Pvi.PhoneOverflow.Infrastructure;
using Pvi.ServiceData;

namespace Pvi.PhoneOverflow.Routing;

/// <summary>The unit codes (the callers' regions, the units an RSC serves): reference data of seeds/, read once.</summary>
public sealed class UnitCodes(IServiceScopeFactory scopes) : SeededReferenceData<OverflowDbContext, IReadOnlySet<string>>(scopes)
{
    protected override async Task<IReadOnlySet<string>> LoadAsync(OverflowDbContext db, CancellationToken cancellationToken) =>
        (await db.Units.AsNoTracking().Select(u => u.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
}
