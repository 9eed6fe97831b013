using Pvi.ServiceData;

namespace Pvi.SocialAgenda.Infrastructure;

internal sealed class PostgresSurveyDesignTimeFactory() : DesignTimeContextFactory<PostgresSurveyDbContext>(DatabaseProvider.Postgres);
