using Grpc.Core;
using Pvi.Echo.V1;
using Pvi.ServiceDefaults.Authentication;
using Pvi.TestSupport;

namespace Pvi.Identity.Tests;

/// <summary>
/// Signing keys roll over without a restart (services/Identity/README.md, keys): a new key is
/// published a day before it signs, signs for 30 days, and the one it replaces stays published
/// until every token it signed has expired. A service that started before the rotation accepts
/// the new key's tokens on its own; once the old key is removed, its tokens are refused.
/// </summary>
public sealed class KeyRolloverTests
{
    private static readonly SuiteUser Employee = new() { Id = "rollover-employee", Name = "Employee", Roles = [Roles.Employee], Unit = "AM" };

    [Fact]
    public async Task A_new_key_is_published_before_it_signs_and_a_running_service_accepts_its_tokens_without_a_restart()
    {
        await using var provider = await ProviderUnderTest.StartAsync(settings: Rotation);
        await using var service = await EchoTrustingAsync(provider);
        var tokenOfFirstKey = provider.Tokens.For(Employee);
        var first = ProviderUnderTest.KeyOf(tokenOfFirstKey);
        Assert.Equal("rollover-employee", await EchoAsync(service, tokenOfFirstKey));

        // A day before the period ends the next key is published, and the first one still signs.
        provider.Time.Advance(TimeSpan.FromDays(29) + TimeSpan.FromMinutes(1));
        await provider.RotateAsync();
        var published = await provider.PublishedKeysAsync();
        Assert.Equal(2, published.Count);
        var next = Assert.Single(published, key => key != first);
        Assert.Equal(first, ProviderUnderTest.KeyOf(new TokenSource(() => provider.Authority).For(Employee with { Id = "before-the-switch" })));

        // From the day after, the new key signs; the service, started before, takes its tokens by itself.
        provider.Time.Advance(TimeSpan.FromDays(1));
        var tokenOfNextKey = new TokenSource(() => provider.Authority).For(Employee with { Id = "after-the-switch" });
        Assert.Equal(next, ProviderUnderTest.KeyOf(tokenOfNextKey));
        await Eventually.UntilAsync(
            async () => await TryEchoAsync(service, tokenOfNextKey) == "after-the-switch",
            TimeSpan.FromSeconds(30), () => "the running service accepts a token of the new key");

        // The first key's tokens are still good until they expire: the key stays published.
        Assert.Equal("rollover-employee", await EchoAsync(service, tokenOfFirstKey));
        Assert.Contains(first, await provider.PublishedKeysAsync());
    }

    [Fact]
    public async Task A_key_is_removed_once_its_tokens_have_expired_and_then_its_tokens_are_refused()
    {
        await using var provider = await ProviderUnderTest.StartAsync(settings: Rotation);
        var tokenOfFirstKey = provider.Tokens.For(Employee);
        var first = ProviderUnderTest.KeyOf(tokenOfFirstKey);

        provider.Time.Advance(TimeSpan.FromDays(29) + TimeSpan.FromMinutes(1));
        await provider.RotateAsync();
        provider.Time.Advance(TimeSpan.FromDays(1));
        await provider.RotateAsync();
        Assert.Contains(first, await provider.PublishedKeysAsync());

        // RetainAfter (2 h here, longer than any token's lifetime) after the switch, the first key goes.
        provider.Time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        await provider.RotateAsync();
        Assert.DoesNotContain(first, await provider.PublishedKeysAsync());

        // The token is within its own lifetime on the wall clock, but nothing trusts its key any more.
        await using var service = await EchoTrustingAsync(provider);
        var refused = await Assert.ThrowsAsync<RpcException>(() => EchoAsync(service, tokenOfFirstKey));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal("after-removal", await EchoAsync(service, provider.Tokens.For(Employee with { Id = "after-removal" })));
    }

    /// <summary>
    /// Rotation as configured in appsettings.json, with token lifetimes short enough for a 2 h
    /// retention; the test looks for due keys itself (the provider's own timer would tick for every
    /// minute of the month the fake clock jumps).
    /// </summary>
    private static Dictionary<string, string?> Rotation => new()
    {
        ["Identity:Keys:CheckInterval"] = "40.00:00:00",
        ["Identity:Keys:RotationPeriod"] = "30.00:00:00",
        ["Identity:Keys:PublishAhead"] = "1.00:00:00",
        ["Identity:Keys:RetainAfter"] = "02:00:00",
        ["Identity:DevelopmentTokenLifetime"] = "01:00:00",
    };

    private static Task<TestHost> EchoTrustingAsync(ProviderUnderTest provider) =>
        TestHost.StartEchoAsync(settings: new Dictionary<string, string?>
        {
            ["Authentication:Jwt:Authority"] = provider.Authority.ToString(),
            ["Authentication:Jwt:MetadataRetryInterval"] = "00:00:01",
        });

    private static async Task<string> EchoAsync(TestHost service, string token) =>
        (await new EchoService.EchoServiceClient(service.GrpcChannel(token)).EchoAsync(new EchoRequest { Message = "hello" })).Caller;

    private static async Task<string?> TryEchoAsync(TestHost service, string token)
    {
        try
        {
            return await EchoAsync(service, token);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
        {
            return null;
        }
    }
}
