using Microsoft.EntityFrameworkCore;
using Pvi.Identity.Model;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceData;

namespace Pvi.Identity.Infrastructure;

/// <summary>The demo users of seeds/users.json (one per role, invented people), added to an empty store.</summary>
public sealed class DemoAccountsSeed : ISeedData<IdentityDbContext>
{
    public async Task SeedAsync(IdentityDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Accounts.AnyAsync(cancellationToken))
        {
            return;
        }

        var users = await SeedFiles.ReadAsync<List<SuiteUser>>("users.json", cancellationToken);
        db.Accounts.AddRange(users.Select(Account.From));
        await db.SaveChangesAsync(cancellationToken);
    }
}
