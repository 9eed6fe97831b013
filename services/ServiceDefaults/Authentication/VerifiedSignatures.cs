using Microsoft.AspNetCore.Authentication.JwtBearer;
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
/// refresh on. At most <see cref="Capacity"/> tokens are remembered. Nor is a remembered token
/// read again: the token handler validates it as it was read when its signature was verified.
/// </summary>
public sealed class VerifiedSignatures : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    public const int Capacity = 4096;

    private readonly TimeProvider _time;

    private readonly MemoryCache _verified = new(new MemoryCacheOptions { SizeLimit = Capacity });

    private readonly JsonWebTokenHandler _verifier = new() { MapInboundClaims = false };

    public VerifiedSignatures(TimeProvider time)
    {
        _time = time;
        Handler = new RememberingHandler(this) { MapInboundClaims = false };
    }

    /// <summary>
    /// The token handler of the bearer handler: a token whose signature is remembered is validated
    /// as it was read then (lifetime, issuer, audience and the signature through <see cref="Validate"/>
    /// on every call), any other token as the token handler validates it.
    /// </summary>
    private JsonWebTokenHandler Handler { get; }

    /// <summary>
    /// Installs the remembered signatures in the bearer handler's validation: its signature check
    /// and its only token handler.
    /// </summary>
    public void Use(JwtBearerOptions options)
    {
        options.TokenValidationParameters.SignatureValidatorUsingConfiguration = Validate;
        options.TokenHandlers.Clear();
        options.TokenHandlers.Add(Handler);
    }

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
        if (Remembered(token) is { } verified && IsValidationKey(verified.Key, parameters, configuration))
        {
            return verified.Token;
        }

        var checkedToken = Verify(token, parameters, configuration);
        var now = _time.GetUtcNow().UtcDateTime;
        // ValidTo is DateTime.MinValue for a token without an expiry (which the services refuse anyway).
        var until = checkedToken.ValidTo > DateTime.MinValue && checkedToken.ValidTo < now + MaxAge ? checkedToken.ValidTo : now + MaxAge;
        if (until > now && checkedToken.SigningKey is { } key && !checkedToken.IsEncrypted)
        {
            ReadAll(checkedToken);
            _verified.Set(token, new Verified(checkedToken, key, until), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = until - now });
        }

        return checkedToken;
    }

    private Verified? Remembered(string token) =>
        _verified.TryGetValue(token, out Verified? verified) && verified!.Until > _time.GetUtcNow().UtcDateTime ? verified : null;

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
        var result = _verifier.ValidateTokenAsync(token, signatureOnly).GetAwaiter().GetResult();
        if (!result.IsValid)
        {
            throw result.Exception;
        }

        return (JsonWebToken)result.SecurityToken;
    }

    /// <summary>
    /// Reads once what validation reads of a token, before the token is shared by the calls that
    /// present it: from then on they only read it.
    /// </summary>
    private static void ReadAll(JsonWebToken token) =>
        _ = (token.ValidFrom, token.ValidTo, token.IssuedAt, token.Issuer, token.Audiences.Count(), token.Claims.Count(), token.Subject, token.Typ, token.Alg, token.Kid);

    private static bool IsValidationKey(SecurityKey key, TokenValidationParameters parameters, BaseConfiguration? configuration) =>
        ReferenceEquals(key, parameters.IssuerSigningKey)
        || (parameters.IssuerSigningKeys?.Any(k => ReferenceEquals(k, key)) ?? false)
        || (configuration?.SigningKeys.Any(k => ReferenceEquals(k, key)) ?? false);

    public void Dispose() => _verified.Dispose();

    private sealed record Verified(JsonWebToken Token, SecurityKey Key, DateTime Until);

    /// <summary>Validates a remembered token as it was read when verified, instead of reading it again.</summary>
    private sealed class RememberingHandler(VerifiedSignatures signatures) : JsonWebTokenHandler
    {
        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters) =>
            signatures.Remembered(token) is { } verified
                ? ValidateTokenAsync(verified.Token, validationParameters)
                : base.ValidateTokenAsync(token, validationParameters);
    }
}
