using Microsoft.EntityFrameworkCore;
using Pvi.IntegrationEvents.Model;
using Pvi.ServiceDefaults.Data;
using Pvi.ComplaintPilot.Model;

namespace Pvi.ComplaintPilot.Infrastructure;

public class ComplaintsDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ComplaintCategory> Categories => Set<ComplaintCategory>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddIntegrationEventTables();
        modelBuilder.Entity<ComplaintCategory>(entity =>
        {
            entity.ToTable("complaint_categories");
            entity.HasKey(x => x.Code);
            entity.Property(x => x.Code).HasMaxLength(64);
            entity.Property(x => x.Name).HasMaxLength(200);
        });
    }
}

/// <summary>The context on SQLite, the embedded default; its migrations are in Migrations/Sqlite.</summary>
public sealed class SqliteComplaintsDbContext(DbContextOptions<SqliteComplaintsDbContext> options) : ComplaintsDbContext(options);

/// <summary>The context on PostgreSQL; its migrations are in Migrations/Postgres.</summary>
public sealed class PostgresComplaintsDbContext(DbContextOptions<PostgresComplaintsDbContext> options) : ComplaintsDbContext(options);

internal sealed class SqliteComplaintsDesignTimeFactory() : DesignTimeContextFactory<SqliteComplaintsDbContext>(DatabaseProvider.Sqlite);

internal sealed class PostgresComplaintsDesignTimeFactory() : DesignTimeContextFactory<PostgresComplaintsDbContext>(DatabaseProvider.Postgres);
