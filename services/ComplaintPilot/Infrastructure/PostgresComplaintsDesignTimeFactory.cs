using Pvi.ServiceData;

namespace Pvi.ComplaintPilot.Infrastructure;

internal sealed class PostgresComplaintsDesignTimeFactory() : DesignTimeContextFactory<PostgresComplaintsDbContext>(DatabaseProvider.Postgres);
