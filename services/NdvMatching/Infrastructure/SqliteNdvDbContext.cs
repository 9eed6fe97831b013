using Microsoft.EntityFrameworkCore;

namespace Pvi.NdvMatching.Infrastructure;

/// <summary>The context on SQLite, the embedded default; its migrations are in Migrations/Sqlite.</summary>
public sealed class SqliteNdvDbContext(DbContextOptions<SqliteNdvDbContext> options) : NdvDbContext(options);
