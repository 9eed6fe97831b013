using Microsoft.EntityFrameworkCore;

namespace Pvi.PhoneOverflow.Infrastructure;

/// <summary>The context on SQLite, the embedded default; its migrations are in Migrations/Sqlite.</summary>
public sealed class SqliteOverflowDbContext(DbContextOptions<SqliteOverflowDbContext> options) : OverflowDbContext(options);
