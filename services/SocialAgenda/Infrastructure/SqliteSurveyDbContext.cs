using Microsoft.EntityFrameworkCore;

namespace Pvi.SocialAgenda.Infrastructure;

/// <summary>The context on SQLite, the embedded default; its migrations are in Migrations/Sqlite.</summary>
public sealed class SqliteSurveyDbContext(DbContextOptions<SqliteSurveyDbContext> options) : SurveyDbContext(options);
