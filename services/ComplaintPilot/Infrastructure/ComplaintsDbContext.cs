using Microsoft.EntityFrameworkCore;
using Pvi.ComplaintPilot.Model;
using Pvi.IntegrationEvents.Model;
using Pvi.ServiceData;

namespace Pvi.ComplaintPilot.Infrastructure;

public class ComplaintsDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ComplaintCategory> Categories => Set<ComplaintCategory>();

    public DbSet<Unit> Units => Set<Unit>();

    public DbSet<Complaint> Complaints => Set<Complaint>();

    public DbSet<ComplaintHistoryEntry> History => Set<ComplaintHistoryEntry>();

    public DbSet<ComplainantAccess> ComplainantAccess => Set<ComplainantAccess>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddIntegrationEventTables();
        modelBuilder.Entity<ComplaintCategory>(entity =>
        {
            entity.ToTable("complaint_categories");
            entity.HasKey(x => x.Code);
            entity.Property(x => x.Code).HasMaxLength(64);
            entity.Property(x => x.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<Unit>(unit =>
        {
            unit.ToTable("units");
            unit.HasKey(u => u.Code);
            unit.Property(u => u.Code).HasMaxLength(16);
            unit.Property(u => u.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<Complaint>(complaint =>
        {
            complaint.ToTable("complaints");
            complaint.HasKey(c => c.Id);
            complaint.Property(c => c.Id).HasMaxLength(36);
            complaint.Property(c => c.ClientRequestId).HasMaxLength(100);
            complaint.Property(c => c.Fingerprint).HasMaxLength(64);
            complaint.Property(c => c.RegisteredBy).HasMaxLength(200);
            complaint.Property(c => c.Unit).HasMaxLength(16);
            complaint.Property(c => c.ComplainantName).HasMaxLength(200);
            complaint.Property(c => c.ComplainantEmail).HasMaxLength(254);
            complaint.Property(c => c.ComplainantPhone).HasMaxLength(32);
            complaint.Property(c => c.ComplainantAddress).HasMaxLength(500);
            complaint.Property(c => c.ConductDescription).HasMaxLength(5000);
            complaint.Property(c => c.Category).HasMaxLength(64);
            complaint.Property(c => c.HandlerId).HasMaxLength(200);
            complaint.Property(c => c.HandlerTeam).HasMaxLength(32);
            complaint.Property(c => c.HearingReport).HasMaxLength(10000);
            complaint.Property(c => c.SelectionReason).HasMaxLength(2000);
            complaint.Property(c => c.LessonsLearned).HasMaxLength(5000);
            complaint.Property(c => c.DecisionReasons).HasMaxLength(10000);
            complaint.Property(c => c.DecisionText).HasMaxLength(12000);
            complaint.Property(c => c.NdvRepresentative).HasMaxLength(200);
            complaint.Property(c => c.NdvRequestId).HasMaxLength(36);
            complaint.HasIndex(c => c.NdvRequestPending);
            complaint.HasIndex(c => c.NdvRequestId);
            complaint.Property(c => c.Version).IsConcurrencyToken();
            complaint.Ignore(c => c.IsOpen);
            complaint.OwnsMany(c => c.Officers, officers =>
            {
                officers.ToTable("complaint_officers");
                officers.WithOwner().HasForeignKey("ComplaintId");
                officers.Property<int>("Id");
                officers.HasKey("Id");
                officers.Property(o => o.OfficerId).HasMaxLength(200);
                officers.Property(o => o.Team).HasMaxLength(32);
            });
            complaint.HasIndex(c => new { c.RegisteredBy, c.ClientRequestId }).IsUnique();
            complaint.HasIndex(c => new { c.Unit, c.Id });
            complaint.HasIndex(c => new { c.Status, c.DecisionDue });
        });
        modelBuilder.Entity<ComplaintHistoryEntry>(entry =>
        {
            entry.ToTable("complaint_history");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.ComplaintId).HasMaxLength(36);
            entry.Property(e => e.Kind).HasMaxLength(64);
            entry.Property(e => e.Actor).HasMaxLength(200);
            entry.Property(e => e.Detail).HasMaxLength(1000);
            entry.HasIndex(e => new { e.ComplaintId, e.Id });
        });
        modelBuilder.Entity<ComplainantAccess>(access =>
        {
            access.ToTable("complainant_access_log");
            access.HasKey(a => a.Id);
            access.Property(a => a.ComplaintId).HasMaxLength(36);
            access.Property(a => a.ReaderId).HasMaxLength(200);
            access.Property(a => a.ReaderRole).HasMaxLength(64);
            access.HasIndex(a => new { a.ComplaintId, a.Id });
        });
    }
}
