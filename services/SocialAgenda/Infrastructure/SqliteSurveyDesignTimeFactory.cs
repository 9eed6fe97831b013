using Pvi.ServiceData;

namespace Pvi.SocialAgenda.Infrastructure;

internal sealed class SqliteSurveyDesignTimeFactory() : DesignTimeContextFactory<SqliteSurveyDbContext>(DatabaseProvider.Sqlite);
