namespace Pvi.TestSupport;

/// <summary>
/// The gateway's routes to the echo service (gRPC and REST, for employees) that its own
/// configuration does not have: as configuration keys, or as environment variables for a gateway
/// started as a process.
/// </summary>
public static class EchoRoutes
{
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Gateway:RoutePolicies:echo:0"] = "employee",
        ["ReverseProxy:Routes:echo-grpc:ClusterId"] = "echo",
        ["ReverseProxy:Routes:echo-grpc:AuthorizationPolicy"] = "route:echo",
        ["ReverseProxy:Routes:echo-grpc:Match:Path"] = "/pvi.echo.v1.{service}/{method}",
        ["ReverseProxy:Routes:echo-rest:ClusterId"] = "echo",
        ["ReverseProxy:Routes:echo-rest:AuthorizationPolicy"] = "route:echo",
        ["ReverseProxy:Routes:echo-rest:Match:Path"] = "/v1/echo/{**rest}",
        ["ReverseProxy:Clusters:echo:HttpRequest:Version"] = "2",
        ["ReverseProxy:Clusters:echo:HttpRequest:VersionPolicy"] = "RequestVersionExact",
    };

    public static IReadOnlyDictionary<string, string> EnvironmentVariables { get; } =
        Settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
}
