using Microsoft.EntityFrameworkCore;
using Pvi.IntegrationEvents.Model;
using Pvi.PhoneOverflow.Model;
using Pvi.ServiceData;

namespace Pvi.PhoneOverflow.Infrastructure;

public class OverflowDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Unit> Units => Set<Unit>();

    public DbSet<RegionalServiceCentre> RegionalServiceCentres => Set<RegionalServiceCentre>();

    public DbSet<Operator> Operators => Set<Operator>();

    public DbSet<DutyMember> DutyMembers => Set<DutyMember>();

    public DbSet<Call> Calls => Set<Call>();

    public DbSet<CallStep> CallSteps => Set<CallStep>();

    public DbSet<ForwardedCall> ForwardedCalls => Set<ForwardedCall>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddIntegrationEventTables();
        modelBuilder.Entity<Unit>(unit =>
        {
            unit.ToTable("units");
            unit.HasKey(u => u.Code);
            unit.Property(u => u.Code).HasMaxLength(16);
            unit.Property(u => u.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<RegionalServiceCentre>(rsc =>
        {
            rsc.ToTable("regional_service_centres");
            rsc.HasKey(x => x.Code);
            rsc.Property(x => x.Code).HasMaxLength(64);
            rsc.Property(x => x.Name).HasMaxLength(OverflowLimits.RscName);
            rsc.Property(x => x.Unit).HasMaxLength(64);
            rsc.Property(x => x.Version).IsConcurrencyToken();
            rsc.Property(x => x.ForwardSequence).IsConcurrencyToken();
            rsc.OwnsMany(x => x.Hours, hours =>
            {
                hours.ToTable("rsc_opening_hours");
                hours.WithOwner().HasForeignKey("RscCode");
                hours.Property<int>("Id");
                hours.HasKey("Id");
            });
            rsc.OwnsMany(x => x.Exceptions, exceptions =>
            {
                exceptions.ToTable("rsc_opening_exceptions");
                exceptions.WithOwner().HasForeignKey("RscCode");
                exceptions.Property<int>("Id");
                exceptions.HasKey("Id");
            });
        });
        modelBuilder.Entity<Operator>(op =>
        {
            op.ToTable("operators");
            op.HasKey(o => o.Id);
            op.Property(o => o.Id).HasMaxLength(OverflowLimits.OperatorId);
            op.Property(o => o.Name).HasMaxLength(OverflowLimits.OperatorName);
            op.Property(o => o.Rsc).HasMaxLength(64);
            op.Property(o => o.CurrentCallId).HasMaxLength(100);
            op.Property(o => o.Version).IsConcurrencyToken();
            op.HasIndex(o => new { o.Rsc, o.SignedIn });
        });
        modelBuilder.Entity<DutyMember>(member =>
        {
            member.ToTable("duty_members");
            member.HasKey(m => m.MemberId);
            member.Property(m => m.MemberId).HasMaxLength(64);
            member.Property(m => m.Name).HasMaxLength(200);
            member.Property(m => m.HomeUnit).HasMaxLength(16);
            member.Property(m => m.CurrentCallId).HasMaxLength(100);
            member.Property(m => m.Version).IsConcurrencyToken();
            member.Ignore(m => m.MayTakeCalls);
        });
        modelBuilder.Entity<Call>(call =>
        {
            call.ToTable("calls");
            call.HasKey(c => c.Id);
            call.Property(c => c.Id).HasMaxLength(100);
            call.Property(c => c.CallerRegion).HasMaxLength(16);
            call.Property(c => c.CallerNumber).HasMaxLength(32);
            call.Property(c => c.Fingerprint).HasMaxLength(64);
            call.Property(c => c.TargetId).HasMaxLength(200);
            call.Property(c => c.Rsc).HasMaxLength(64);
            call.Property(c => c.Reason).HasMaxLength(500);
            call.Property(c => c.AnsweredById).HasMaxLength(200);
            call.Property(c => c.AnsweredRsc).HasMaxLength(64);
            call.Property(c => c.OutcomeNote).HasMaxLength(OverflowLimits.OutcomeNote);
            call.Property(c => c.Version).IsConcurrencyToken();
            call.Ignore(c => c.IsOpen);
            call.HasIndex(c => new { c.Status, c.ArrivedAt });
            call.HasIndex(c => c.ArrivedAt);
        });
        modelBuilder.Entity<CallStep>(step =>
        {
            step.ToTable("call_steps");
            step.HasKey(s => s.Id);
            step.Property(s => s.CallId).HasMaxLength(100);
            step.Property(s => s.TargetId).HasMaxLength(200);
            step.Property(s => s.Rsc).HasMaxLength(64);
            step.Property(s => s.Reason).HasMaxLength(500);
            step.Property(s => s.Result).HasMaxLength(32);
            step.HasIndex(s => new { s.CallId, s.Id });
        });
        modelBuilder.Entity<ForwardedCall>(forwarded =>
        {
            forwarded.ToTable("forwarded_calls");
            forwarded.HasKey(f => new { f.Rsc, f.Position });
            forwarded.Property(f => f.Rsc).HasMaxLength(64);
            forwarded.Property(f => f.CallId).HasMaxLength(100);
            forwarded.Property(f => f.OperatorId).HasMaxLength(OverflowLimits.OperatorId);
            forwarded.Property(f => f.Reason).HasMaxLength(500);
            forwarded.Property(f => f.CallerRegion).HasMaxLength(16);
            forwarded.HasIndex(f => f.CallId);
        });
    }
}
