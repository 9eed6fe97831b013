using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Pvi.ServiceData;

/// <summary>
/// Every DateTime a service stores is UTC, and comes back marked as UTC on every engine (SQLite
/// keeps no kind), so that it converts to a protobuf Timestamp without surprises.
/// </summary>
public static class UtcDateTimes
{
    public static ModelConfigurationBuilder UseUtcDateTimes(this ModelConfigurationBuilder configuration)
    {
        configuration.Properties<DateTime>().HaveConversion<UtcConverter>();
        configuration.Properties<DateTime?>().HaveConversion<UtcConverter>();
        return configuration;
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
