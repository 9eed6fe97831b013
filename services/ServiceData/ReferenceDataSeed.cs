using Microsoft.EntityFrameworkCore;

namespace Pvi.ServiceData;

/// <summary>
/// Loads reference data of one entity from a JSON file of seeds/ and adds the rows whose key is
/// not there yet; rows already present (possibly changed by users) are left as they are.
/// </summary>
public sealed class ReferenceDataSeed<TContext, TEntity>(string seedFile, Func<TEntity, string> key) : ISeedData<TContext>
    where TContext : DbContext
    where TEntity : class
{
    public async Task SeedAsync(TContext db, CancellationToken cancellationToken)
    {
        var rows = await SeedFiles.ReadAsync<List<TEntity>>(seedFile, cancellationToken).ConfigureAwait(false);
        var set = db.Set<TEntity>();
        var existing = (await set.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false)).Select(key).ToHashSet(StringComparer.Ordinal);
        set.AddRange(rows.Where(row => !existing.Contains(key(row))));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }
}
