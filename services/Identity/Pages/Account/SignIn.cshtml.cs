using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pvi.Identity.Endpoints;
using Pvi.Identity.Infrastructure;
using Pvi.Identity.Model;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Pvi.Identity.Pages.Account;

/// <summary>
/// The provider's sign-in page. In Development it lists the demo accounts, one per role, to sign
/// in as; elsewhere people sign in at the organisation's own provider, not here.
/// </summary>
public sealed class SignInModel(IdentityDbContext db, IHostEnvironment environment, ProviderSettings settings, TimeProvider time) : PageModel
{
    public IReadOnlyList<Model.Account>? Accounts { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string ReturnUrl { get; set; } = "/";

    public async Task OnGetAsync() =>
        Accounts = environment.IsDevelopment() ? await db.Accounts.AsNoTracking().OrderBy(a => a.Id).ToListAsync(HttpContext.RequestAborted) : null;

    public async Task<IActionResult> OnPostAsync(string user)
    {
        if (!environment.IsDevelopment())
        {
            return NotFound();
        }

        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == user, HttpContext.RequestAborted);
        if (account is null)
        {
            await OnGetAsync();
            return Page();
        }

        var identity = new ClaimsIdentity([new Claim(Claims.Subject, account.Id), new Claim(Claims.Name, account.Name)], ConnectEndpoints.SessionScheme, Claims.Name, Claims.Role);
        await HttpContext.SignInAsync(ConnectEndpoints.SessionScheme, new ClaimsPrincipal(identity), new AuthenticationProperties
        {
            IssuedUtc = time.GetUtcNow(),
            ExpiresUtc = time.GetUtcNow() + settings.SessionIdleTimeout,
        });
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
