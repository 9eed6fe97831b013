namespace Pvi.ServiceData;

/// <summary>Section <c>Database</c>: which engine the service's own database runs on.</summary>
public sealed class DatabaseSettings
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Folder of the SQLite files when no connection string is given.</summary>
    public string? DataFolder { get; set; }
}
