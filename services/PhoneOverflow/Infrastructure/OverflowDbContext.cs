using Microsoft.EntityFrameworkCore;
using Pvi.IntegrationEvents.Model;
using Pvi.PhoneOverflow.Model;

namespace Pvi.PhoneOverflow.Infrastructure;

public sealed class OverflowDbContext(DbContextOptions<OverflowDbContext> options) : DbContext(options)
{
    public DbSet<RegionalServiceCentre> RegionalServiceCentres => Set<RegionalServiceCentre>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddIntegrationEventTables();
        modelBuilder.Entity<RegionalServiceCentre>(entity =>
        {
            entity.ToTable("regional_service_centres");
            entity.HasKey(x => x.Code);
            entity.Property(x => x.Code).HasMaxLength(64);
            entity.Property(x => x.Name).HasMaxLength(200);
            entity.Property(x => x.Unit).HasMaxLength(64);
        });
    }
}
