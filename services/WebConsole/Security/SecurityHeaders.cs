namespace Pvi.WebConsole.Security;

/// <summary>
/// The console's pages may not be framed, load nothing from elsewhere and run no inline script:
/// a Content Security Policy without <c>unsafe-inline</c> scripts, frame-ancestors none, no
/// referrer sent elsewhere, no content sniffing; HSTS when the console is reached over TLS.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; form-action 'self' {authority}; base-uri 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, Uri authority)
    {
        var policy = ContentSecurityPolicy.Replace("{authority}", authority.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);
        return app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                if (context.Request.IsHttps)
                {
                    headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
                }

                return Task.CompletedTask;
            });
            await next(context);
        });
    }
}
