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
    /// The service's own database: SQLite (a file per service, the embedded default) or PostgreSQL,
    /// chosen by <c>Database:Provider</c>; the connection string is <c>ConnectionStrings:{name}</c>.
    /// The schema is created and the seeds loaded in the background; /health/ready reports the
    /// service ready only once that is done and the database answers. A unary call holds one open
    /// connection from its start to its answer (<see cref="ConnectionPerCall{TContext}"/>). Contexts come from a pool
    /// (options built once, instances reset and reused), so a context keeps no state of its own
    /// beyond what EF Core resets, and its interceptors are singletons.
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
    public static IHostApplicationBuilder AddServiceDatabase<TContext, TSqlite, TPostgres>(this IHostApplicationBuilder builder, string name)
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

            builder.Services.AddDbContextPool<TContext, TPostgres>((services, options) =>
                options.UseNpgsql(connectionString).AddInterceptors(services.GetServices<IInterceptor>()));
        }
        else
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                var folder = settings.DataFolder ?? Path.Combine(builder.Environment.ContentRootPath, "data");
                Directory.CreateDirectory(folder);
                connectionString = $"Data Source={Path.Combine(folder, name + ".db")}";
            }

            builder.Services.AddDbContextPool<TContext, TSqlite>((services, options) =>
                options.UseSqlite(connectionString)
                    .AddInterceptors(services.GetServices<IInterceptor>())
                    .AddInterceptors(new SqliteConnectionSetup()));
        }

        builder.Services.Configure<Grpc.AspNetCore.Server.GrpcServiceOptions>(options => options.Interceptors.Add<ConnectionPerCall<TContext>>());
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
