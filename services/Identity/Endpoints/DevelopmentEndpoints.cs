using Microsoft.EntityFrameworkCore;
using Pvi.Identity.Infrastructure;

namespace Pvi.Identity.Endpoints;

public static class DevelopmentEndpoints
{
    /// <summary>Development only: <c>GET /dev/users</c> lists the accounts one can get a development token for.</summary>
    public static void MapDevelopmentEndpoints(this WebApplication app) =>
        app.MapGet("/dev/users", async (IdentityDbContext db, CancellationToken cancellationToken) =>
            (await db.Accounts.AsNoTracking().OrderBy(a => a.Id).ToListAsync(cancellationToken))
                .Select(a => new { a.Id, a.Name, a.Roles, a.Unit, a.Team, a.Rsc, a.NdvMember, a.Description }));
}
