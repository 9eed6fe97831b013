using Microsoft.EntityFrameworkCore;

namespace Pvi.ComplaintPilot.Infrastructure;

/// <summary>The context on PostgreSQL; its migrations are in Migrations/Postgres.</summary>
public sealed class PostgresComplaintsDbContext(DbContextOptions<PostgresComplaintsDbContext> options) : ComplaintsDbContext(options);
