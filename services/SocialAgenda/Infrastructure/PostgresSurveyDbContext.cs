using Microsoft.EntityFrameworkCore;

namespace Pvi.SocialAgenda.Infrastructure;

/// <summary>The context on PostgreSQL; its migrations are in Migrations/Postgres.</summary>
public sealed class PostgresSurveyDbContext(DbContextOptions<PostgresSurveyDbContext> options) : SurveyDbContext(options);
