using Pvi.ServiceData;

namespace Pvi.ComplaintPilot.Infrastructure;

internal sealed class SqliteComplaintsDesignTimeFactory() : DesignTimeContextFactory<SqliteComplaintsDbContext>(DatabaseProvider.Sqlite);
