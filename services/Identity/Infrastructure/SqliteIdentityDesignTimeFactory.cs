using Pvi.ServiceData;

namespace Pvi.Identity.Infrastructure;

internal sealed class SqliteIdentityDesignTimeFactory() : DesignTimeContextFactory<SqliteIdentityDbContext>(DatabaseProvider.Sqlite);
