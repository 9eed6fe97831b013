using Microsoft.EntityFrameworkCore;

namespace Pvi.PhoneOverflow.Infrastructure;

/// <summary>The context on PostgreSQL; its migrations are in Migrations/Postgres.</summary>
public sealed class PostgresOverflowDbContext(DbContextOptions<PostgresOverflowDbContext> options) : OverflowDbContext(options);
