using Microsoft.EntityFrameworkCore;

namespace Pvi.NdvMatching.Infrastructure;

/// <summary>The context on PostgreSQL; its migrations are in Migrations/Postgres.</summary>
public sealed class PostgresNdvDbContext(DbContextOptions<PostgresNdvDbContext> options) : NdvDbContext(options);
