using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Pvi.ServiceData;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build a service's per-engine context without starting the
/// service: a service declares one subclass per engine it keeps migrations for.
/// </summary>
public abstract class DesignTimeContextFactory<TContext>(DatabaseProvider provider) : IDesignTimeDbContextFactory<TContext>
    where TContext : DbContext
{
    public TContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TContext>();
        _ = provider == DatabaseProvider.Postgres
            ? options.UseNpgsql("Host=localhost;Database=design_time")
            : options.UseSqlite("Data Source=design_time.db");
        return (TContext)Activator.CreateInstance(typeof(TContext), options.Options)!;
    }
}
