using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;

namespace Pvi.WebConsole.Authentication;

/// <summary>
/// The sign-in sessions, tokens included, kept on the server (the console's distributed cache):
/// the browser's cookie holds only the session's key, protected by Data Protection. A session
/// unused for <see cref="ConsoleSettings.IdleTimeout"/> is gone; kept protected, so that a shared
/// cache never holds a token in the clear.
/// </summary>
public sealed class ServerSideTickets(IDistributedCache cache, IDataProtectionProvider protection, ConsoleSettings settings) : ITicketStore
{
    private readonly IDataProtector _protector = protection.CreateProtector("Pvi.WebConsole.Sessions");

    /// <summary>The claim that names a person's session, so that their open pages find it.</summary>
    public const string SessionClaim = "console_session";

    private const string Prefix = "pvi-console-session:";

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Guid.NewGuid().ToString("N");
        if (ticket.Principal.Identity is System.Security.Claims.ClaimsIdentity identity && !identity.HasClaim(c => c.Type == SessionClaim))
        {
            identity.AddClaim(new System.Security.Claims.Claim(SessionClaim, key));
        }
        else
        {
            key = ticket.Principal.FindFirst(SessionClaim)!.Value;
        }

        await RenewAsync(key, ticket);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) =>
        cache.SetAsync(Prefix + key, _protector.Protect(TicketSerializer.Default.Serialize(ticket)), new DistributedCacheEntryOptions { SlidingExpiration = settings.IdleTimeout });

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var bytes = await cache.GetAsync(Prefix + key);
        return bytes is null ? null : TicketSerializer.Default.Deserialize(_protector.Unprotect(bytes));
    }

    public Task RemoveAsync(string key) => cache.RemoveAsync(Prefix + key);

    /// <summary>Keeps the session alive while the person works in an open page (no HTTP request reaches the cookie then).</summary>
    public Task TouchAsync(string key) => cache.RefreshAsync(Prefix + key);

    public static string CookieScheme => CookieAuthenticationDefaults.AuthenticationScheme;
}
