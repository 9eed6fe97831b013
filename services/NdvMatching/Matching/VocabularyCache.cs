using Microsoft.EntityFrameworkCore;
using Pvi.NdvMatching.Infrastructure;
using Pvi.ServiceData;

namespace Pvi.NdvMatching.Matching;

/// <summary>The units, networks and expertise tags: reference data of seeds/, read once.</summary>
public sealed class VocabularyCache(IServiceScopeFactory scopes) : SeededReferenceData<NdvDbContext, Vocabulary>(scopes)
{
    protected override async Task<Vocabulary> LoadAsync(NdvDbContext db, CancellationToken cancellationToken) => new(
        await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, cancellationToken),
        await db.Networks.AsNoTracking().ToDictionaryAsync(n => n.Code, StringComparer.Ordinal, cancellationToken),
        await db.ExpertiseTags.AsNoTracking().ToDictionaryAsync(t => t.Code, StringComparer.Ordinal, cancellationToken));
}
