using Pvi.Identity.Infrastructure;
using Pvi.ServiceData;

namespace Pvi.Identity.Keys;

/// <summary>Loads the signing keys (creating the first) once the database is ready, before the first token.</summary>
public sealed class SigningKeysAtStart(SigningKeyRing ring) : ISeedData<IdentityDbContext>
{
    public Task SeedAsync(IdentityDbContext db, CancellationToken cancellationToken) => ring.RotateAsync(db, cancellationToken);
}
