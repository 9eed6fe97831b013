using Microsoft.EntityFrameworkCore;
using Pvi.IntegrationEvents.Model;
using Pvi.ServiceDefaults.Data;
using Pvi.SocialAgenda.Model;

namespace Pvi.SocialAgenda.Infrastructure;

public class SurveyDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Unit> Units => Set<Unit>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddIntegrationEventTables();
        modelBuilder.Entity<Unit>(entity =>
        {
            entity.ToTable("units");
            entity.HasKey(x => x.Code);
            entity.Property(x => x.Code).HasMaxLength(64);
            entity.Property(x => x.Name).HasMaxLength(200);
            entity.Property(x => x.Kind).HasMaxLength(64);
        });
    }
}

/// <summary>The context on SQLite, the embedded default; its migrations are in Migrations/Sqlite.</summary>
public sealed class SqliteSurveyDbContext(DbContextOptions<SqliteSurveyDbContext> options) : SurveyDbContext(options);

/// <summary>The context on PostgreSQL; its migrations are in Migrations/Postgres.</summary>
public sealed class PostgresSurveyDbContext(DbContextOptions<PostgresSurveyDbContext> options) : SurveyDbContext(options);

internal sealed class SqliteSurveyDesignTimeFactory() : DesignTimeContextFactory<SqliteSurveyDbContext>(DatabaseProvider.Sqlite);

internal sealed class PostgresSurveyDesignTimeFactory() : DesignTimeContextFactory<PostgresSurveyDbContext>(DatabaseProvider.Postgres);
