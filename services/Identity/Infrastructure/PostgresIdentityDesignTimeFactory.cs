using Pvi.ServiceData;

namespace Pvi.Identity.Infrastructure;

internal sealed class PostgresIdentityDesignTimeFactory() : DesignTimeContextFactory<PostgresIdentityDbContext>(DatabaseProvider.Postgres);
