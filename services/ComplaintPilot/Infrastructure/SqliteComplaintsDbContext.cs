using Microsoft.EntityFrameworkCore;

namespace Pvi.ComplaintPilot.Infrastructure;

/// <summary>The context on SQLite, the embedded default; its migrations are in Migrations/Sqlite.</summary>
public sealed class SqliteComplaintsDbContext(DbContextOptions<SqliteComplaintsDbContext> options) : ComplaintsDbContext(options);
