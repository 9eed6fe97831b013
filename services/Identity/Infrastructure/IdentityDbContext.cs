using Microsoft.EntityFrameworkCore;
using Pvi.Identity.Model;
using Pvi.ServiceData;

namespace Pvi.Identity.Infrastructure;

/// <summary>
/// The provider's own store: OpenIddict's applications, authorizations, scopes and tokens, the
/// accounts and the signing keys (protected at rest by the Data Protection keys beside the data).
/// </summary>
public class IdentityDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<SigningKeyRecord> SigningKeys => Set<SigningKeyRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseOpenIddict();
        modelBuilder.Entity<Account>(account =>
        {
            account.ToTable("accounts");
            account.HasKey(a => a.Id);
            account.Property(a => a.Id).HasMaxLength(200);
            account.Property(a => a.Name).HasMaxLength(200);
            account.PrimitiveCollection(a => a.Roles);
            account.Property(a => a.Unit).HasMaxLength(16);
            account.Property(a => a.Team).HasMaxLength(32);
            account.Property(a => a.Rsc).HasMaxLength(32);
            account.Property(a => a.NdvMember).HasMaxLength(64);
            account.Property(a => a.Description).HasMaxLength(500);
        });
        modelBuilder.Entity<SigningKeyRecord>(key =>
        {
            key.ToTable("signing_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasMaxLength(64);
            key.Property(k => k.ProtectedKey).HasMaxLength(8000);
        });
    }
}
