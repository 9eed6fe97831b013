using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceDefaults.Errors;
using Pvi.ServiceDefaults.Hosting;

namespace Pvi.ServiceDefaults;

/// <summary>
/// The one call every process of the suite makes: telemetry, health, Kestrel endpoints,
/// authentication and (for domain services) the gRPC server with the suite's error model.
/// </summary>
public static class Extensions
{
    /// <summary>Prefix of every ActivitySource and Meter the suite's own code creates.</summary>
    public const string TelemetryPrefix = "Pvi";

    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    /// <summary>Defaults for a domain service: the basic defaults plus the gRPC server.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddBasicServiceDefaults();

        builder.Services.AddSingleton<GrpcServiceDefaults>();
        builder.Services.AddSingleton<ErrorModelInterceptor>();
        builder.Services.AddSingleton<StartupGateInterceptor>();
        builder.Services.AddSingleton<CallLimitInterceptor>();
        builder.Services
            .AddGrpc(options =>
            {
                // First: a call waiting for its turn holds nothing the others need.
                options.Interceptors.Add<CallLimitInterceptor>();
                options.Interceptors.Add<StartupGateInterceptor>();
                options.Interceptors.Add<ErrorModelInterceptor>();
                options.EnableDetailedErrors = false;
                options.MaxReceiveMessageSize = builder.Configuration.GetValue("Grpc:MaxReceiveMessageSize", 1024 * 1024);
            })
            // REST callers get the same google.rpc.Status details as gRPC callers.
            .AddJsonTranscoding(options => options.TypeRegistry = Google.Protobuf.Reflection.TypeRegistry.FromMessages(
                Google.Rpc.BadRequest.Descriptor, Google.Rpc.ErrorInfo.Descriptor));
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks();
        return builder;
    }

    /// <summary>Defaults for every process that accepts the suite's tokens, the gateway included.</summary>
    public static TBuilder AddBasicServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddHostDefaults();
        builder.AddDefaultAuthentication();
        return builder;
    }

    /// <summary>
    /// Defaults for every process of the suite: the clock, the Kestrel endpoints, telemetry and
    /// health. The identity provider, which issues the tokens, takes only these.
    /// </summary>
    public static TBuilder AddHostDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.ConfigureKestrelEndpoints();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddHttpContextAccessor();
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter($"{TelemetryPrefix}.*"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, $"{TelemetryPrefix}.*")
                .AddAspNetCoreInstrumentation(options =>
                    // Probes would drown the traces that matter.
                    options.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddGrpcClientInstrumentation()
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps /health/live and /health/ready (every environment) and, for domain services, the
    /// gRPC health and reflection services and gRPC-Web. None of these is routed by the gateway.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, LiveChecks).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, ReadyChecks).AllowAnonymous();

        if (app.Services.GetService<GrpcServiceDefaults>() is not null)
        {
            app.MapGrpcHealthChecksService().AllowAnonymous();
            app.MapGrpcReflectionService().AllowAnonymous();
        }

        return app;
    }

    /// <summary>
    /// /health/live and /health/ready answered first in the pipeline, before authentication, for a
    /// process whose authentication itself needs start-up work done (the identity provider).
    /// </summary>
    public static WebApplication UseHealthEndpoints(this WebApplication app)
    {
        app.UseHealthChecks(LivePath, LiveChecks);
        app.UseHealthChecks(ReadyPath, ReadyChecks);
        return app;
    }

    private const string LivePath = "/health/live";
    private const string ReadyPath = "/health/ready";

    private static HealthCheckOptions LiveChecks => new() { Predicate = check => check.Tags.Contains(LiveTag) };

    private static HealthCheckOptions ReadyChecks => new() { Predicate = check => check.Tags.Contains(ReadyTag) || check.Tags.Contains(LiveTag) };

    /// <summary>
    /// The middleware every domain service runs, in order: gRPC-Web translation, then
    /// authentication and authorization.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
