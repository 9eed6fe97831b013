using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Pvi.ServiceDefaults.Authentication;

/// <summary>
/// The signatures of the identity provider's tokens already verified, so that a token presented
/// again (a console session's or a client's, used for many calls) is not verified again on every
/// call: the signature is a quarter of the gateway's CPU per call. Only the signature is
/// remembered; the token's lifetime, issuer and audience are still validated on every call. A
/// remembered signature counts only for exactly the same token, until the token expires and at
/// most <see cref="MaxAge"/>, and only while the key that verified it is one of the keys the call
/// is validated with: a key withdrawn from the provider's key set is refused from the set's next
/// refresh on. At most <see cref="Capacity"/> tokens are remembered.
/// </summary>
public sealed class VerifiedSignatures(TimeProvider time) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    public const int Capacity = 4096;

    private readonly MemoryCache _verified = new(new MemoryCacheOptions { SizeLimit = Capacity });

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>Installs the remembered signatures in the validation of <paramref name="parameters"/>.</summary>
    public void Use(TokenValidationParameters parameters) => parameters.SignatureValidatorUsingConfiguration = Validate;

    /// <summary>
    /// The token with its signature verified (<see cref="TokenValidationParameters.SignatureValidatorUsingConfiguration"/>):
    /// remembered, or verified now as the handler verifies it (the same keys, algorithms and
    /// errors) and then remembered.
    /// </summary>
    public SecurityToken Validate(string token, TokenValidationParameters parameters, BaseConfiguration? configuration)
    {
        // The token handler of this version gives no configuration here on its main path: the keys
        // are then the manager's current configuration's, which the handler has just fetched (the
        // manager answers with it at once and refreshes in the background when a refresh is due).
        configuration ??= parameters.ConfigurationManager?.GetBaseConfigurationAsync(CancellationToken.None).GetAwaiter().GetResult();
        var now = time.GetUtcNow().UtcDateTime;
        if (_verified.TryGetValue(token, out Verified? verified) && verified!.Until > now && IsValidationKey(verified.Key, parameters, configuration))
        {
            return new JsonWebToken(token) { SigningKey = verified.Key };
        }

        var checkedToken = Verify(token, parameters, configuration);
        // ValidTo is DateTime.MinValue for a token without an expiry (which the services refuse anyway).
        var until = checkedToken.ValidTo > DateTime.MinValue && checkedToken.ValidTo < now + MaxAge ? checkedToken.ValidTo : now + MaxAge;
        if (until > now && checkedToken.SigningKey is { } key)
        {
            _verified.Set(token, new Verified(key, until), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = until - now });
        }

        return checkedToken;
    }

    /// <summary>The signature alone, checked by the token handler with the call's keys and algorithms.</summary>
    private JsonWebToken Verify(string token, TokenValidationParameters parameters, BaseConfiguration? configuration)
    {
        var signatureOnly = parameters.Clone();
        signatureOnly.SignatureValidatorUsingConfiguration = null;
        signatureOnly.SignatureValidator = null;
        signatureOnly.ConfigurationManager = null;
        signatureOnly.ValidateIssuer = false;
        signatureOnly.ValidateAudience = false;
        signatureOnly.ValidateLifetime = false;
        signatureOnly.RequireExpirationTime = false;
        signatureOnly.RequireSignedTokens = true;
        if (configuration is not null)
        {
            signatureOnly.IssuerSigningKeys = [.. parameters.IssuerSigningKeys ?? [], .. configuration.SigningKeys];
        }

        // Without a configuration manager and with the keys at hand the handler does no I/O: the task is complete.
        var result = _handler.ValidateTokenAsync(token, signatureOnly).GetAwaiter().GetResult();
        if (!result.IsValid)
        {
            throw result.Exception;
        }

        return (JsonWebToken)result.SecurityToken;
    }

    private static bool IsValidationKey(SecurityKey key, TokenValidationParameters parameters, BaseConfiguration? configuration) =>
        ReferenceEquals(key, parameters.IssuerSigningKey)
        || (parameters.IssuerSigningKeys?.Any(k => ReferenceEquals(k, key)) ?? false)
        || (configuration?.SigningKeys.Any(k => ReferenceEquals(k, key)) ?? false);

    public void Dispose() => _verified.Dispose();

    private sealed record Verified(SecurityKey Key, DateTime Until);
}
