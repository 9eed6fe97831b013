using Microsoft.EntityFrameworkCore;
using Pvi.NdvMatching.Model;
using Pvi.ServiceDefaults.Data;

namespace Pvi.NdvMatching.Infrastructure;

/// <summary>Loads the NDV networks of seeds/ndv; rows already present are left as they are.</summary>
public sealed class NdvSeedData : ISeedData<NdvDbContext>
{
    public async Task SeedAsync(NdvDbContext db, CancellationToken cancellationToken)
    {
        var networks = await SeedFiles.ReadAsync<List<Network>>("ndv/networks.json", cancellationToken);
        var existing = await db.Networks.Select(n => n.Code).ToListAsync(cancellationToken);
        db.Networks.AddRange(networks.Where(n => !existing.Contains(n.Code)));
        await db.SaveChangesAsync(cancellationToken);
    }
}
