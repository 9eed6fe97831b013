using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Net.Http.Headers;

namespace Pvi.ServiceDefaults.Clients;

public static class GrpcClientExtensions
{
    /// <summary>
    /// A typed client for a peer service named <paramref name="serviceName"/> (section
    /// <c>Services:{serviceName}</c>), with deadline and cancellation propagated from the
    /// incoming call, the caller's bearer token forwarded (the service's own token for work no
    /// user started, see <see cref="Authentication.ServiceIdentity"/>), Dapr service invocation when
    /// <c>DaprAppId</c> is set, and <see cref="ClientResilienceInterceptor"/>.
    /// </summary>
    public static IHttpClientBuilder AddServiceGrpcClient<TClient>(
        this IHostApplicationBuilder builder, string serviceName, Google.Protobuf.Reflection.ServiceDescriptor descriptor)
        where TClient : ClientBase
    {
        var options = builder.Configuration.GetSection($"Services:{serviceName}").Get<GrpcClientOptions>() ?? new GrpcClientOptions();
        var address = options.Grpc ?? throw new InvalidOperationException($"Set Services:{serviceName}:Grpc to the address of {serviceName}.");
        var idempotent = new IdempotentMethods(descriptor);

        return builder.Services
            .AddGrpcClient<TClient>(client => client.Address = address)
            .EnableCallContextPropagation(propagation => propagation.SuppressContextNotFoundErrors = true)
            .AddCallCredentials(async (context, metadata, services) =>
            {
                var authorization = services.GetService<IHttpContextAccessor>()?.HttpContext?.Request.Headers[HeaderNames.Authorization].ToString();
                if (!string.IsNullOrEmpty(authorization))
                {
                    metadata.Add("authorization", authorization);
                }
                else if (services.GetService<Authentication.ServiceIdentity>() is { } identity)
                {
                    metadata.Add("authorization", "Bearer " + await identity.TokenAsync(context.CancellationToken).ConfigureAwait(false));
                }

                if (!string.IsNullOrEmpty(options.DaprAppId))
                {
                    metadata.Add("dapr-app-id", options.DaprAppId);
                }

            })
            .ConfigureChannel(channel => channel.UnsafeUseInsecureChannelCallCredentials = address.Scheme == Uri.UriSchemeHttp)
            .AddInterceptor(InterceptorScope.Client, services =>
                new ClientResilienceInterceptor(
                    options, idempotent, services.GetRequiredService<TimeProvider>(), services.GetService<IHttpContextAccessor>()));
    }
}
