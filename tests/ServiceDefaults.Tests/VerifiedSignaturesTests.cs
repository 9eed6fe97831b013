using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Pvi.ServiceDefaults.Authentication;

namespace Pvi.ServiceDefaults.Tests;

/// <summary>
/// A token's signature is verified once and then remembered, and a remembered signature never
/// lets in what the full check would refuse: another signature, an expired token, a withdrawn key.
/// The tokens are validated as the services validate them: their validation parameters and the
/// token handler VerifiedSignatures installs in the bearer options, the provider's key set from its
/// configuration, lifetime, issuer and audience on every call.
/// </summary>
public sealed class VerifiedSignaturesTests : IDisposable
{
    private const string Issuer = "http://provider.test/";
    private const string Audience = "pvi-api";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "key-1" };
    private readonly RsaSecurityKey _nextKey = new(RSA.Create(2048)) { KeyId = "key-2" };
    private readonly CountingVerifications _verifications = new();
    private readonly VerifiedSignatures _signatures;
    private TokenHandler? _tokenHandler;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public VerifiedSignaturesTests() => _signatures = new VerifiedSignatures(_time);

    [Fact]
    public async Task A_token_checked_once_is_not_verified_again_on_its_next_calls()
    {
        var token = Token(_key, TimeSpan.FromMinutes(10));
        var parameters = Parameters(_key);

        for (var call = 0; call < 3; call++)
        {
            var result = await ValidateAsync(token, parameters);
            Assert.True(result.IsValid, result.Exception?.Message);
            Assert.Equal("employee-1", result.Claims["sub"]);
        }

        Assert.Equal(1, _verifications.Count);
    }

    [Fact]
    public async Task A_remembered_token_is_not_read_again_and_each_call_gets_an_identity_of_its_own()
    {
        var token = Token(_key, TimeSpan.FromMinutes(10));
        var parameters = Parameters(_key);
        var reads = 0;
        parameters.TokenReader = (encoded, _) =>
        {
            Interlocked.Increment(ref reads);
            return new JsonWebToken(encoded);
        };
        var first = await ValidateAsync(token, parameters);
        Assert.True(first.IsValid, first.Exception?.Message);
        var readsToVerify = reads;

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => ValidateAsync(token, parameters))));

        Assert.All(results, result =>
        {
            Assert.True(result.IsValid, result.Exception?.Message);
            Assert.Same(first.SecurityToken, result.SecurityToken);
            Assert.Equal("employee-1", result.ClaimsIdentity.FindFirst("sub")?.Value);
        });
        Assert.Equal(17, results.Append(first).Select(r => r.ClaimsIdentity).Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.Equal(1, _verifications.Count);
        Assert.True(readsToVerify > 0);
        Assert.Equal(readsToVerify, reads);
    }

    [Fact]
    public async Task A_remembered_token_with_another_signature_is_refused()
    {
        var token = Token(_key, TimeSpan.FromMinutes(10));
        var parameters = Parameters(_key);
        Assert.True((await ValidateAsync(token, parameters)).IsValid);

        var signature = Base64UrlEncoder.DecodeBytes(token[(token.LastIndexOf('.') + 1)..]);
        signature[0] ^= 0x01;
        var forged = token[..(token.LastIndexOf('.') + 1)] + Base64UrlEncoder.Encode(signature);
        var result = await ValidateAsync(forged, parameters);

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidSignatureException>(result.Exception);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_it_has_expired()
    {
        var token = Token(_key, TimeSpan.FromMinutes(3));
        var parameters = Parameters(_key);
        Assert.True((await ValidateAsync(token, parameters)).IsValid);

        _time.Advance(TimeSpan.FromMinutes(4));
        var result = await ValidateAsync(token, parameters);

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidLifetimeException>(result.Exception);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_its_key_is_withdrawn_from_the_providers_key_set()
    {
        var token = Token(_key, TimeSpan.FromMinutes(10));
        Assert.True((await ValidateAsync(token, Parameters(_key))).IsValid);

        var result = await ValidateAsync(token, Parameters(_nextKey));

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>(result.Exception);
    }

    [Fact]
    public async Task A_signature_is_remembered_for_at_most_five_minutes_and_then_verified_again()
    {
        var token = Token(_key, TimeSpan.FromMinutes(30));
        var parameters = Parameters(_key);
        Assert.True((await ValidateAsync(token, parameters)).IsValid);

        _time.Advance(VerifiedSignatures.MaxAge + TimeSpan.FromSeconds(1));
        Assert.True((await ValidateAsync(token, parameters)).IsValid);
        Assert.True((await ValidateAsync(token, parameters)).IsValid);

        Assert.Equal(2, _verifications.Count);
    }

    /// <summary>The services' validation parameters, as the bearer handler gives them to the token handler: the provider's configuration with its key set.</summary>
    private TokenValidationParameters Parameters(params SecurityKey[] providerKeys)
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
        foreach (var key in providerKeys)
        {
            configuration.SigningKeys.Add(key);
        }

        var parameters = AuthenticationExtensions.ValidationParameters(
            new JwtSettings { Issuer = Issuer, Audience = Audience, ClockSkew = TimeSpan.Zero }, signingKey: null);
        // The services check lifetimes on the system clock; here on the test's.
        parameters.LifetimeValidator = (notBefore, expires, _, _) =>
            notBefore <= _time.GetUtcNow().UtcDateTime && expires > _time.GetUtcNow().UtcDateTime;
        parameters.CryptoProviderFactory = _verifications;
        parameters.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);

        var options = new JwtBearerOptions { TokenValidationParameters = parameters };
        _signatures.Use(options);
        _tokenHandler = options.TokenHandlers.Single();
        return parameters;
    }

    /// <summary>What the bearer handler does with a call's token: the token handler VerifiedSignatures installed.</summary>
    private Task<TokenValidationResult> ValidateAsync(string token, TokenValidationParameters parameters) =>
        _tokenHandler!.ValidateTokenAsync(token, parameters);

    private string Token(SecurityKey key, TimeSpan lifetime)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = new Dictionary<string, object> { ["sub"] = "employee-1" },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    public void Dispose() => _signatures.Dispose();

    /// <summary>Counts the signature checks: the handler asks for a verifying provider for each.</summary>
    private sealed class CountingVerifications : CryptoProviderFactory
    {
        public int Count;

        public override SignatureProvider CreateForVerifying(SecurityKey key, string algorithm)
        {
            Interlocked.Increment(ref Count);
            return base.CreateForVerifying(key, algorithm);
        }
    }
}
