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
            complaint.Property(c => c.ClientRequestId).HasMaxLength(CreateOnce.MaxRequestIdLength);
            complaint.Property(c => c.Fingerprint).HasMaxLength(64);
            complaint.Property(c => c.RegisteredBy).HasMaxLength(ComplaintLimits.PersonId);
            complaint.Property(c => c.Unit).HasMaxLength(16);
            complaint.Property(c => c.ComplainantName).HasMaxLength(ComplaintLimits.ComplainantName);
            complaint.Property(c => c.ComplainantEmail).HasMaxLength(ComplaintLimits.ComplainantEmail);
            complaint.Property(c => c.ComplainantPhone).HasMaxLength(ComplaintLimits.ComplainantPhone);
            complaint.Property(c => c.ComplainantAddress).HasMaxLength(ComplaintLimits.ComplainantAddress);
            complaint.Property(c => c.ConductDescription).HasMaxLength(ComplaintLimits.ConductDescription);
            complaint.Property(c => c.Category).HasMaxLength(64);
            complaint.Property(c => c.HandlerId).HasMaxLength(ComplaintLimits.PersonId);
            complaint.Property(c => c.HandlerTeam).HasMaxLength(ComplaintLimits.Team);
            complaint.Property(c => c.HearingReport).HasMaxLength(ComplaintLimits.Report);
            complaint.Property(c => c.SelectionReason).HasMaxLength(ComplaintLimits.Explanation);
            complaint.Property(c => c.LessonsLearned).HasMaxLength(ComplaintLimits.LessonsLearned);
            complaint.Property(c => c.DecisionReasons).HasMaxLength(ComplaintLimits.Report);
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
                officers.Property(o => o.OfficerId).HasMaxLength(ComplaintLimits.PersonId);
                officers.Property(o => o.Team).HasMaxLength(ComplaintLimits.Team);
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
            entry.Property(e => e.Actor).HasMaxLength(ComplaintLimits.PersonId);
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
