using Microsoft.EntityFrameworkCore;
using Pvi.IntegrationEvents.Model;
using Pvi.NdvMatching.Model;

namespace Pvi.NdvMatching.Infrastructure;

public sealed class NdvDbContext(DbContextOptions<NdvDbContext> options) : DbContext(options)
{
    public DbSet<Network> Networks => Set<Network>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddIntegrationEventTables();
        modelBuilder.Entity<Network>(network =>
        {
            network.ToTable("networks");
            network.HasKey(n => n.Code);
            network.Property(n => n.Code).HasMaxLength(64);
            network.Property(n => n.Name).HasMaxLength(200);
            network.Property(n => n.Description).HasMaxLength(2000);
        });
    }
}
