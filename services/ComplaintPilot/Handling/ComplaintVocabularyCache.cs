using Microsoft.EntityFrameworkCore;
using Pvi.ComplaintPilot.Infrastructure;
using Pvi.ServiceData;

namespace Pvi.ComplaintPilot.Handling;

/// <summary>The units and categories: reference data of seeds/, read once.</summary>
public sealed class ComplaintVocabularyCache(IServiceScopeFactory scopes) : SeededReferenceData<ComplaintsDbContext, ComplaintVocabulary>(scopes)
{
    protected override async Task<ComplaintVocabulary> LoadAsync(ComplaintsDbContext db, CancellationToken cancellationToken) => new(
        (await db.Units.AsNoTracking().Select(u => u.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal),
        await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, cancellationToken));
}
