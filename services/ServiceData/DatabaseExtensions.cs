using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Pvi.ServiceDefaults.Errors;
using Pvi.ServiceDefaults.Hosting;

namespace Pvi.ServiceData;

public static class DatabaseExtensions
{
    /// <summary>
    /// A list in a query (ids.Contains(x.Id)) is one array parameter (json_each on SQLite, an array
    /// on PostgreSQL), so a query's SQL is the same whatever the list's length: its statement is
    /// compiled once, not built and compiled again for each length, on every call.
    /// </summary>
    private const ParameterTranslationMode CollectionsAs = ParameterTranslationMode.Parameter;

    /// <summary>
    /// The statements a service runs again and again are prepared on the server once per
    /// connection (Npgsql's automatic preparation), unless the connection string says otherwise.
    /// </summary>
    private static string PreparedStatements(string connectionString)
    {
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            settings.MaxAutoPrepare = 64;
            settings.AutoPrepareMinUsages = 2;
        }

        return settings.ConnectionString;
    }

    /// <summary>
    /// The service's own database: SQLite (a file per service, the embedded default) or PostgreSQL,
    /// chosen by <c>Database:Provider</c>; the connection string is <c>ConnectionStrings:{name}</c>.
    /// The schema is created and the seeds loaded in the background; /health/ready reports the
    /// service ready only once that is done and the database answers. Contexts come from a pool
    /// (options built once, instances reset and reused), so a context keeps no state of its own
    /// beyond what EF Core resets, and its interceptors are singletons. On SQLite a scope's context
    /// reads on a connection of the database's <see cref="SqliteStore"/> and writes through its
    /// writer; on PostgreSQL a unary call holds one open connection from its start to its answer
    /// (<see cref="ConnectionPerCall{TContext}"/>).
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string name)
        where TContext : DbContext =>
        builder.AddServiceDatabase<TContext, TContext, TContext>(name);

    /// <summary>
    /// As <see cref="AddServiceDatabase{TContext}(IHostApplicationBuilder, string)"/>, with the schema
    /// kept by EF Core migrations: one set per engine, each on its own context type derived from
    /// <typeparamref name="TContext"/> (the services resolve <typeparamref name="TContext"/>).
    /// Pending migrations are applied at start.
    /// </summary>
    /// <param name="writesOutsideUnitsOfWork">
    /// A library writes through the context by itself (the identity provider's OpenIddict stores);
    /// otherwise every write is a unit of work (<see cref="OptimisticConcurrency.RunAsync"/>), and on
    /// SQLite a context can write only in one.
    /// </param>
    public static IHostApplicationBuilder AddServiceDatabase<TContext, TSqlite, TPostgres>(this IHostApplicationBuilder builder, string name, bool writesOutsideUnitsOfWork = false)
        where TContext : DbContext
        where TSqlite : TContext
        where TPostgres : TContext
    {
        var settings = builder.Configuration.GetSection(DatabaseSettings.SectionName).Get<DatabaseSettings>() ?? new DatabaseSettings();
        var connectionString = builder.Configuration.GetConnectionString(name);

        if (settings.Provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException($"Database:Provider is Postgres: set ConnectionStrings:{name}.");
            }

            connectionString = PreparedStatements(connectionString);
            builder.Services.AddDbContextPool<TContext, TPostgres>((services, options) =>
                options.UseNpgsql(connectionString, npgsql => npgsql.UseParameterizedCollectionMode(CollectionsAs))
                    .AddInterceptors(services.GetServices<IInterceptor>()));
            builder.Services.Configure<Grpc.AspNetCore.Server.GrpcServiceOptions>(options => options.Interceptors.Add<ConnectionPerCall<TContext>>());
        }
        else
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                var folder = settings.DataFolder ?? Path.Combine(builder.Environment.ContentRootPath, "data");
                Directory.CreateDirectory(folder);
                connectionString = $"Data Source={Path.Combine(folder, name + ".db")}";
            }

            // The store is the host's (closed with it), one per database.
            builder.Services.AddKeyedSingleton(name, (_, _) => new SqliteStore(connectionString, readersWrite: writesOutsideUnitsOfWork));
            builder.Services.AddPooledDbContextFactory<TSqlite>((services, options) =>
                options.UseSqlite(connectionString, sqlite => sqlite.UseParameterizedCollectionMode(CollectionsAs))
                    .AddInterceptors(services.GetServices<IInterceptor>())
                    .AddInterceptors(services.GetRequiredKeyedService<SqliteStore>(name)));
            builder.Services.AddScoped(services => new SqliteContextLease<TSqlite>(
                services.GetRequiredService<IDbContextFactory<TSqlite>>(), services.GetRequiredKeyedService<SqliteStore>(name)));
            builder.Services.AddScoped<TContext>(services => services.GetRequiredService<SqliteContextLease<TSqlite>>().Context);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IUnavailableResource, UnreachableDatabase>());
        builder.Services.AddSingleton<DatabaseInitialization<TContext>>();
        builder.Services.AddSingleton<IStartupGate>(services => services.GetRequiredService<DatabaseInitialization<TContext>>());
        builder.Services.AddHostedService<DatabaseInitializer<TContext>>();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseInitialization<TContext>>($"{name}-initialized", tags: [Pvi.ServiceDefaults.Extensions.ReadyTag])
            .AddDbContextCheck<TContext>($"{name}-database", tags: [Pvi.ServiceDefaults.Extensions.ReadyTag]);
        return builder;
    }
}
