using Pvi.ServiceData;

namespace Pvi.PhoneOverflow.Infrastructure;

internal sealed class SqliteOverflowDesignTimeFactory() : DesignTimeContextFactory<SqliteOverflowDbContext>(DatabaseProvider.Sqlite);
