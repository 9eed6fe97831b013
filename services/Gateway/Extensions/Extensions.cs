using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Pvi.ServiceDefaults.Authentication;
using Yarp.ReverseProxy.Transforms;

namespace Pvi.Gateway.Extensions;

public static class Extensions
{
    public const string RoutePolicyPrefix = "route:";

    private const string CorsPolicy = "browser-front-ends";

    public static void AddGateway(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(GatewaySettings.SectionName).Get<GatewaySettings>() ?? new GatewaySettings();
        builder.Services.AddSingleton(settings);

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBodySize);

        var authorization = builder.Services.AddAuthorizationBuilder();
        // The routes to the domain services admit the roles the services admit; more by configuration.
        foreach (var (name, roles) in ServiceRoles.ByRoute.Concat(settings.RoutePolicies))
        {
            authorization.AddPolicy(RoutePolicyPrefix + name, policy => policy.RequireAuthenticatedUser().RequireRole(roles));
        }

        // Browser callers on the configured origins only; the headers gRPC-Web needs, its status readable.
        builder.Services.AddCors(options => options.AddPolicy(CorsPolicy, policy =>
        {
            policy.WithOrigins(settings.AllowedOrigins)
                .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                .WithHeaders("authorization", "content-type", "x-grpc-web", "x-user-agent", "grpc-timeout", "traceparent", "tracestate")
                .WithExposedHeaders("grpc-status", "grpc-message", "grpc-status-details-bin", "retry-after")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        }));

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(PartitionKey(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.RateLimit.TokenLimit,
                    TokensPerPeriod = settings.RateLimit.TokensPerPeriod,
                    ReplenishmentPeriod = settings.RateLimit.ReplenishmentPeriod,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            options.OnRejected = async (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? wait
                    : settings.RateLimit.ReplenishmentPeriod;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                // gRPC callers learn RESOURCE_EXHAUSTED (a bare 429 would read as UNAVAILABLE), REST callers 429 with the error model.
                await GatewayErrors.WriteAsync(context.HttpContext, GatewayErrors.ResourceExhausted, StatusCodes.Status429TooManyRequests,
                    $"Too many requests; try again in {seconds} s.");
            };
        });

        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(transforms => transforms.AddResponseTransform(async context =>
            {
                // A gRPC (or gRPC-Web) response's headers go to the caller at once, as the service
                // sent them, not with the first message: a live stream's client learns it is live.
                if (context.ProxyResponse?.Content.Headers.ContentType?.MediaType?.StartsWith("application/grpc", StringComparison.Ordinal) == true
                    && !context.HttpContext.Response.HasStarted)
                {
                    await context.HttpContext.Response.StartAsync(context.CancellationToken);
                    await context.HttpContext.Response.Body.FlushAsync(context.CancellationToken);
                }
            }));

        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddHttpClient(DevelopmentTokens.HttpClientName);
        }
    }

    public static void UseGateway(this WebApplication app)
    {
        // Before authentication: a browser's preflight carries no token and is answered here.
        app.UseCors(CorsPolicy);
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
    }

    public static void MapGateway(this WebApplication app)
    {
        if (app.Environment.IsDevelopment() && !string.IsNullOrWhiteSpace(app.Services.GetRequiredService<JwtSettings>().Authority))
        {
            app.MapDevelopmentTokens();
        }

        app.MapReverseProxy(proxy =>
        {
            proxy.Use(UnavailableService.AnswerAsync);
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
    }

    /// <summary>One bucket per user; calls without a valid token share one per client address.</summary>
    private static string PartitionKey(HttpContext context) =>
        context.User.SubjectId() is { } subject
            ? "user:" + subject
            : "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
