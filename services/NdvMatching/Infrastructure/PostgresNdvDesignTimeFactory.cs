using Pvi.ServiceData;

namespace Pvi.NdvMatching.Infrastructure;

internal sealed class PostgresNdvDesignTimeFactory() : DesignTimeContextFactory<PostgresNdvDbContext>(DatabaseProvider.Postgres);
