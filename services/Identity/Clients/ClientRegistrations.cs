using OpenIddict.Abstractions;
using Pvi.Identity.Infrastructure;
using Pvi.ServiceData;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Pvi.Identity.Clients;

/// <summary>
/// Keeps the registered clients as <c>Identity:Clients</c> describes them, at every start: new
/// ones added, changed ones (a new secret each run of the app host) updated, others removed. The
/// development client exists only in Development.
/// </summary>
public sealed class ClientRegistrations(IOpenIddictApplicationManager applications, ProviderSettings settings, IHostEnvironment environment) : ISeedData<IdentityDbContext>
{
    public const string ApiScope = "pvi";

    public async Task SeedAsync(IdentityDbContext db, CancellationToken cancellationToken)
    {
        // A client that needs a secret and has none is not registered (say, a service started on its own).
        var wanted = settings.Clients
            .Where(client => client.Value.Kind == ClientKind.Development ? environment.IsDevelopment() : !string.IsNullOrWhiteSpace(client.Value.Secret))
            .ToDictionary(client => client.Key, client => Describe(client.Key, client.Value), StringComparer.Ordinal);

        await foreach (var application in applications.ListAsync(cancellationToken: cancellationToken))
        {
            var clientId = await applications.GetClientIdAsync(application, cancellationToken);
            if (clientId is null || !wanted.ContainsKey(clientId))
            {
                await applications.DeleteAsync(application, cancellationToken);
            }
        }

        foreach (var (clientId, descriptor) in wanted)
        {
            if (await applications.FindByClientIdAsync(clientId, cancellationToken) is { } existing)
            {
                await applications.UpdateAsync(existing, descriptor, cancellationToken);
            }
            else
            {
                await applications.CreateAsync(descriptor, cancellationToken);
            }
        }
    }

    private static OpenIddictApplicationDescriptor Describe(string clientId, ClientSettings client)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            DisplayName = client.DisplayName ?? clientId,
            ConsentType = ConsentTypes.Implicit,
        };

        switch (client.Kind)
        {
            case ClientKind.Service:
                descriptor.ClientType = ClientTypes.Confidential;
                descriptor.ClientSecret = Secret(clientId, client);
                descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + ApiScope]);
                break;
            case ClientKind.Web:
                descriptor.ClientType = ClientTypes.Confidential;
                descriptor.ClientSecret = Secret(clientId, client);
                descriptor.Permissions.UnionWith([
                    Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                    Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                    Permissions.Scopes.Profile, Permissions.Scopes.Roles, Permissions.Prefixes.Scope + Scopes.OfflineAccess, Permissions.Prefixes.Scope + ApiScope,
                ]);
                descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
                descriptor.RedirectUris.UnionWith(client.RedirectUris.Select(uri => new Uri(uri, UriKind.Absolute)));
                descriptor.PostLogoutRedirectUris.UnionWith(client.PostLogoutRedirectUris.Select(uri => new Uri(uri, UriKind.Absolute)));
                break;
            case ClientKind.Development:
                descriptor.ClientType = ClientTypes.Public;
                descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.Prefixes.GrantType + DevelopmentGrant.Type, Permissions.Prefixes.Scope + ApiScope]);
                break;
        }

        return descriptor;
    }

    private static string Secret(string clientId, ClientSettings client) =>
        string.IsNullOrWhiteSpace(client.Secret)
            ? throw new InvalidOperationException($"Set {ProviderSettings.SectionName}:Clients:{clientId}:Secret.")
            : client.Secret;
}
