using System.Diagnostics;
using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;
using Xunit;

namespace Pvi.TestSupport;

/// <summary>
/// The one PostgreSQL fixture: the server named by <c>PVI_TEST_POSTGRES</c>, else a Testcontainers
/// container where a container engine runs, else a throwaway server of its own from the local
/// PostgreSQL installation (stopped and removed at the end), else a failure that says how to
/// provide one. PostgreSQL tests never skip.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime, IAsyncDisposable
{
    public const string ConnectionStringVariable = "PVI_TEST_POSTGRES";

    private PostgreSqlContainer? _container;
    private LocalPostgres? _local;
    private string? _connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The PostgreSQL server is not started.");

    /// <summary>Where this run's server comes from, for the figures that name it.</summary>
    public string Source { get; private set; } = "not started";

    /// <summary>Whether a server can be had here: named, or installed locally (a container engine is found only by trying).</summary>
    public static bool Available =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ConnectionStringVariable)) || LocalPostgres.Installation() is not null;

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _connectionString = configured;
            Source = ConnectionStringVariable;
            return;
        }

        try
        {
            _container = new PostgreSqlBuilder("postgres:17-alpine").Build();
            await _container.StartAsync();
            _connectionString = _container.GetConnectionString();
            Source = "a Testcontainers container";
            return;
        }
        catch (DockerUnavailableException) when (LocalPostgres.Installation() is not null)
        {
            _container = null;
        }
        catch (DockerUnavailableException ex)
        {
            throw new InvalidOperationException(
                $"These tests need PostgreSQL. Install it (Debian/Ubuntu: apt-get install postgresql; the tests start a throwaway " +
                $"server of their own from it), set {ConnectionStringVariable} to a connection string of a server whose user may " +
                "create databases, or run a container engine so that Testcontainers can start one.", ex);
        }

        _local = await LocalPostgres.StartAsync();
        _connectionString = _local.ConnectionString;
        Source = $"a throwaway server of the local installation ({_local.BinFolder})";
    }

    /// <summary>Creates an empty database of its own for one test and returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync(string prefix) => CreateDatabaseAsync(ConnectionString, prefix);

    internal static async Task<string> CreateDatabaseAsync(string server, string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
            _container = null;
        }

        if (_local is not null)
        {
            await _local.DisposeAsync();
            _local = null;
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}

/// <summary>
/// A PostgreSQL server of the machine's own installation in a temporary folder, the way
/// <c>initdb</c> and <c>pg_ctl</c> start one without a service manager: a free loopback port,
/// trust authentication, no fsync (a test server's data need not survive a power loss). As root it
/// runs as the <c>postgres</c> user, which the OS package creates. It can be stopped and started
/// again on the same port, for tests of a database outage.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private readonly string _folder;
    private readonly int _port;

    private LocalPostgres(string binFolder, string folder, int port)
    {
        BinFolder = binFolder;
        _folder = folder;
        _port = port;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Password=postgres;Database=postgres";
    }

    public string BinFolder { get; }

    /// <summary>The temporary folder of its data, log and socket.</summary>
    public string Folder => _folder;

    public string ConnectionString { get; }

    private string Data => Path.Combine(_folder, "data");

    /// <summary>The folder of <c>initdb</c> and <c>pg_ctl</c>: Debian's newest version, else the PATH.</summary>
    public static string? Installation()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var version) ? version : 0)
                .FirstOrDefault()
            : null;
        return debian ?? (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .FirstOrDefault(folder => folder.Length > 0 && File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl")));
    }

    public static async Task<LocalPostgres> StartAsync()
    {
        var bin = Installation() ?? throw new InvalidOperationException("No PostgreSQL installation (initdb, pg_ctl) was found.");
        var folder = Directory.CreateTempSubdirectory("pvi-postgres-").FullName;
        var server = new LocalPostgres(bin, folder, FreePort.Next());
        try
        {
            if (Environment.IsPrivilegedProcess)
            {
                await RunAsync("chown", ["postgres:postgres", folder], asPostgres: false);
            }

            await server.PgAsync("initdb", ["-D", server.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public Task<string> CreateDatabaseAsync(string prefix) => PostgresServer.CreateDatabaseAsync(ConnectionString, prefix);

    /// <summary>Starts the server (again) on its port.</summary>
    public Task StartAgainAsync() => PgAsync("pg_ctl", [
        "-D", Data, "-w", "-t", "60", "-l", Path.Combine(_folder, "server.log"),
        "-o", $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off",
        "start"]);

    /// <summary>Stops the server the way an outage does: connections cut, nothing new accepted.</summary>
    public Task StopAsync() => PgAsync("pg_ctl", ["-D", Data, "-m", "fast", "-w", "stop"]);

    public async ValueTask DisposeAsync()
    {
        if (!Directory.Exists(_folder))
        {
            return;
        }

        if (File.Exists(Path.Combine(Data, "postmaster.pid")))
        {
            try
            {
                await StopAsync();
            }
            catch (InvalidOperationException)
            {
                // Already gone; the folder goes all the same.
            }
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temporary folder is the system's to clean.
        }
    }

    private Task PgAsync(string tool, IReadOnlyList<string> arguments) =>
        RunAsync(Path.Combine(BinFolder, tool), arguments, asPostgres: Environment.IsPrivilegedProcess);

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var argument in new[] { "-u", "postgres", "--", fileName })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
