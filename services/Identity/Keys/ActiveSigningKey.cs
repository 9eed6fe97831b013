using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;

namespace Pvi.Identity.Keys;

/// <summary>Signs access and identity tokens with the ring's active key, chosen at the moment of signing.</summary>
public sealed class ActiveSigningKey(SigningKeyRing ring) : IOpenIddictServerHandler<OpenIddictServerEvents.GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.GenerateTokenContext>()
            .UseSingletonHandler<ActiveSigningKey>()
            .SetOrder(OpenIddictServerHandlers.Protection.AttachSecurityCredentials.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(OpenIddictServerEvents.GenerateTokenContext context)
    {
        if (context.TokenType is OpenIddictConstants.TokenTypeIdentifiers.AccessToken or OpenIddictConstants.TokenTypeIdentifiers.IdentityToken)
        {
            context.SigningCredentials = new SigningCredentials(ring.Active.Key, SecurityAlgorithms.RsaSha256);
        }

        return ValueTask.CompletedTask;
    }
}
