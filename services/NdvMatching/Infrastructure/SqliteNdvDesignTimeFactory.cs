using Pvi.ServiceData;

namespace Pvi.NdvMatching.Infrastructure;

internal sealed class SqliteNdvDesignTimeFactory() : DesignTimeContextFactory<SqliteNdvDbContext>(DatabaseProvider.Sqlite);
