using Pvi.ServiceData;

namespace Pvi.PhoneOverflow.Infrastructure;

internal sealed class PostgresOverflowDesignTimeFactory() : DesignTimeContextFactory<PostgresOverflowDbContext>(DatabaseProvider.Postgres);
