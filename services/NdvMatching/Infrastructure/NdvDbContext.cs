using Microsoft.EntityFrameworkCore;
using Pvi.IntegrationEvents.Model;
using Pvi.NdvMatching.Model;
using Pvi.ServiceData;

namespace Pvi.NdvMatching.Infrastructure;

public class NdvDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Unit> Units => Set<Unit>();

    public DbSet<Network> Networks => Set<Network>();

    public DbSet<ExpertiseTag> ExpertiseTags => Set<ExpertiseTag>();

    public DbSet<BudgetGuideline> BudgetGuidelines => Set<BudgetGuideline>();

    public DbSet<Member> Members => Set<Member>();

    public DbSet<UnavailablePeriod> UnavailablePeriods => Set<UnavailablePeriod>();

    public DbSet<ExpertiseRequest> Requests => Set<ExpertiseRequest>();

    public DbSet<Offer> Offers => Set<Offer>();

    public DbSet<RequestHistoryEntry> History => Set<RequestHistoryEntry>();

    public DbSet<WorkRecord> WorkRecords => Set<WorkRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddIntegrationEventTables();
        modelBuilder.Entity<WorkRecord>(work =>
        {
            work.ToTable("work_records");
            work.HasKey(w => w.Id);
            work.Property(w => w.Id).HasMaxLength(36);
            work.Property(w => w.MemberId).HasMaxLength(64);
            work.Property(w => w.MemberUnit).HasMaxLength(64);
            work.Property(w => w.Kind).HasMaxLength(64);
            work.Property(w => w.SourceId).HasMaxLength(128);
            work.HasIndex(w => new { w.Kind, w.SourceId }).IsUnique();
            work.HasIndex(w => new { w.MemberId, w.DoneAt });
            work.HasIndex(w => new { w.MemberUnit, w.DoneAt });
        });
        modelBuilder.Entity<Unit>(unit =>
        {
            unit.ToTable("units");
            unit.HasKey(u => u.Code);
            unit.Property(u => u.Code).HasMaxLength(16);
            unit.Property(u => u.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<Network>(network =>
        {
            network.ToTable("networks");
            network.HasKey(n => n.Code);
            network.Property(n => n.Code).HasMaxLength(64);
            network.Property(n => n.Name).HasMaxLength(200);
            network.Property(n => n.Description).HasMaxLength(2000);
        });
        modelBuilder.Entity<ExpertiseTag>(tag =>
        {
            tag.ToTable("expertise_tags");
            tag.HasKey(t => t.Code);
            tag.Property(t => t.Code).HasMaxLength(64);
            tag.Property(t => t.Category).HasMaxLength(64);
            tag.Property(t => t.LabelNl).HasMaxLength(200);
            tag.Property(t => t.LabelEn).HasMaxLength(200);
        });
        modelBuilder.Entity<BudgetGuideline>(guideline =>
        {
            guideline.ToTable("budget_guidelines");
            guideline.HasKey(g => g.Scope);
            guideline.Property(g => g.Scope).HasMaxLength(16);
            guideline.Property(g => g.UpdatedBy).HasMaxLength(200);
        });
        modelBuilder.Entity<Member>(member =>
        {
            member.ToTable("members");
            member.HasKey(m => m.Id);
            member.Property(m => m.Id).HasMaxLength(64);
            member.Property(m => m.Name).HasMaxLength(NdvLimits.MemberName);
            member.Property(m => m.Email).HasMaxLength(NdvLimits.Email);
            member.Property(m => m.Phone).HasMaxLength(NdvLimits.Phone);
            member.Property(m => m.HomeUnit).HasMaxLength(16);
            member.Property(m => m.Version).IsConcurrencyToken();
            member.HasMany(m => m.Unavailable).WithOne().HasForeignKey(u => u.MemberId).OnDelete(DeleteBehavior.Cascade);
            member.HasIndex(m => new { m.HomeUnit, m.Id });
            member.HasIndex(m => m.ConsentActive);
        });
        modelBuilder.Entity<UnavailablePeriod>(period =>
        {
            period.ToTable("member_unavailability");
            period.HasKey(p => p.Id);
            period.Property(p => p.MemberId).HasMaxLength(64);
            period.Property(p => p.Note).HasMaxLength(NdvLimits.UnavailableNote);
            period.HasIndex(p => new { p.MemberId, p.End });
        });
        modelBuilder.Entity<ExpertiseRequest>(request =>
        {
            request.ToTable("expertise_requests");
            request.HasKey(r => r.Id);
            request.Property(r => r.Id).HasMaxLength(36);
            request.Property(r => r.ClientRequestId).HasMaxLength(CreateOnce.MaxRequestIdLength);
            request.Property(r => r.Fingerprint).HasMaxLength(64);
            request.Property(r => r.RequestedBy).HasMaxLength(200);
            request.Property(r => r.Unit).HasMaxLength(16);
            request.Property(r => r.Team).HasMaxLength(32);
            request.Property(r => r.Description).HasMaxLength(NdvLimits.Description);
            request.Property(r => r.MatchedMemberId).HasMaxLength(64);
            request.Property(r => r.Version).IsConcurrencyToken();
            request.HasIndex(r => new { r.RequestedBy, r.ClientRequestId }).IsUnique();
            request.HasIndex(r => new { r.Unit, r.Id });
            request.HasIndex(r => r.CreatedAt);
        });
        modelBuilder.Entity<Offer>(offer =>
        {
            offer.ToTable("offers");
            offer.HasKey(o => o.Id);
            offer.Property(o => o.Id).HasMaxLength(36);
            offer.Property(o => o.RequestId).HasMaxLength(36);
            offer.Property(o => o.MemberId).HasMaxLength(64);
            offer.Property(o => o.MemberUnit).HasMaxLength(16);
            offer.Property(o => o.RequestUnit).HasMaxLength(16);
            offer.Property(o => o.DeclineReason).HasMaxLength(NdvLimits.Reason);
            offer.HasOne(o => o.Request).WithMany().HasForeignKey(o => o.RequestId).OnDelete(DeleteBehavior.Cascade);
            offer.HasIndex(o => new { o.RequestId, o.MemberId }).IsUnique();
            offer.HasIndex(o => new { o.MemberId, o.Status });
            offer.HasIndex(o => new { o.Status, o.ExpiresAt });
            offer.HasIndex(o => o.CompletedAt);
        });
        modelBuilder.Entity<RequestHistoryEntry>(entry =>
        {
            entry.ToTable("request_history");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.RequestId).HasMaxLength(36);
            entry.Property(e => e.Kind).HasMaxLength(32);
            entry.Property(e => e.MemberId).HasMaxLength(64);
            entry.Property(e => e.Actor).HasMaxLength(200);
            entry.Property(e => e.Detail).HasMaxLength(NdvLimits.Reason);
            entry.HasIndex(e => new { e.RequestId, e.Id });
        });
    }
}
