using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Pvi.Identity.Keys;

/// <summary>Gives the OpenIddict server every published key of the ring: the key set discovery shows and the keys it verifies with.</summary>
public sealed class PublishedSigningKeys(SigningKeyRing ring) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options) =>
        options.SigningCredentials.AddRange(ring.Published.Select(key => new SigningCredentials(key.Key, SecurityAlgorithms.RsaSha256)));
}
