using Microsoft.EntityFrameworkCore;

namespace Pvi.ServiceData;

/// <summary>Loads a service's seed data (seeds/) into its database; must be safe to run on every start.</summary>
public interface ISeedData<in TContext> where TContext : DbContext
{
    Task SeedAsync(TContext db, CancellationToken cancellationToken);
}
