namespace Pvi.TestSupport;

/// <summary>
/// One PostgreSQL server for every test of an assembly that needs one. xUnit looks for collection
/// definitions in the test assembly itself, so this file is compiled into each test project
/// (tests/Directory.Build.props), not into TestSupport.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
