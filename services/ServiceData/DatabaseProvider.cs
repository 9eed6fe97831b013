namespace Pvi.ServiceData;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
