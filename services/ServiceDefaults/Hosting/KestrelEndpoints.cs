using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Pvi.ServiceDefaults.Hosting;

/// <summary>
/// Every process listens on two cleartext endpoints: <c>Endpoints:Http</c> (HTTP/1.1: REST,
/// gRPC-Web, Dapr callbacks) and <c>Endpoints:Grpc</c> (HTTP/2 with prior knowledge: gRPC).
/// Without TLS one port cannot negotiate both, hence two.
/// </summary>
public static class KestrelEndpoints
{
    public const string HttpKey = "Endpoints:Http";
    public const string GrpcKey = "Endpoints:Grpc";

    public static void ConfigureKestrelEndpoints(this IHostApplicationBuilder builder)
    {
        if (builder is not Microsoft.AspNetCore.Builder.WebApplicationBuilder web)
        {
            return;
        }

        var http = builder.Configuration[HttpKey];
        var grpc = builder.Configuration[GrpcKey];
        if (string.IsNullOrWhiteSpace(http) && string.IsNullOrWhiteSpace(grpc))
        {
            // Nothing configured: Kestrel's own configuration (ASPNETCORE_URLS, Kestrel:Endpoints) applies.
            return;
        }

        web.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            if (!string.IsNullOrWhiteSpace(http))
            {
                Listen(kestrel, HttpKey, http, HttpProtocols.Http1);
            }

            if (!string.IsNullOrWhiteSpace(grpc))
            {
                Listen(kestrel, GrpcKey, grpc, HttpProtocols.Http2);
            }
        });
    }

    private static void Listen(KestrelServerOptions kestrel, string key, string url, HttpProtocols protocols)
    {
        // "*" and "+" are Kestrel's spellings of "any address" but not valid URI hosts.
        url = url.Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new InvalidOperationException($"Configuration '{key}' must be an absolute http:// address, got '{url}'.");
        }

        var host = uri.Host;
        if (host is "localhost")
        {
            kestrel.ListenLocalhost(uri.Port, listen => listen.Protocols = protocols);
        }
        else if (host is "0.0.0.0" or "[::]")
        {
            kestrel.ListenAnyIP(uri.Port, listen => listen.Protocols = protocols);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(host.Trim('[', ']')), uri.Port, listen => listen.Protocols = protocols);
        }
    }
}
