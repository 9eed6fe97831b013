using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Pvi.IntegrationEvents.Model;
using Pvi.ServiceData;
using Pvi.SocialAgenda.Model;

namespace Pvi.SocialAgenda.Infrastructure;

public class SurveyDbContext(DbContextOptions options) : DbContext(options)
{
    private static readonly JsonSerializerOptions QuestionJson = new(JsonSerializerDefaults.Web);

    public DbSet<Unit> Units => Set<Unit>();

    public DbSet<Instrument> Instruments => Set<Instrument>();

    public DbSet<Wave> Waves => Set<Wave>();

    public DbSet<WaveUnit> WaveUnits => Set<WaveUnit>();

    public DbSet<InvitationBatch> InvitationBatches => Set<InvitationBatch>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<SpentInvitation> SpentInvitations => Set<SpentInvitation>();

    public DbSet<PendingResponse> PendingResponses => Set<PendingResponse>();

    public DbSet<PendingComment> PendingComments => Set<PendingComment>();

    public DbSet<SurveyResponse> Responses => Set<SurveyResponse>();

    public DbSet<SurveyComment> Comments => Set<SurveyComment>();

    public DbSet<ResultSnapshot> Results => Set<ResultSnapshot>();

    public DbSet<Measure> Measures => Set<Measure>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddIntegrationEventTables();
        modelBuilder.Entity<Unit>(unit =>
        {
            unit.ToTable("units");
            unit.HasKey(x => x.Code);
            unit.Property(x => x.Code).HasMaxLength(64);
            unit.Property(x => x.Name).HasMaxLength(200);
            unit.Property(x => x.Kind).HasMaxLength(64);
        });
        modelBuilder.Entity<Instrument>(instrument =>
        {
            instrument.ToTable("instruments");
            instrument.HasKey(x => x.Id);
            instrument.Property(x => x.Id).HasMaxLength(36);
            instrument.Property(x => x.Code).HasMaxLength(64);
            instrument.Property(x => x.Title).HasMaxLength(SurveyLimits.Title);
            instrument.Property(x => x.CreatedBy).HasMaxLength(200);
            instrument.Property(x => x.ClientRequestId).HasMaxLength(CreateOnce.MaxRequestIdLength);
            instrument.Property(x => x.Fingerprint).HasMaxLength(64);
            instrument.Property(x => x.Questions).HasConversion(
                questions => JsonSerializer.Serialize(questions, QuestionJson),
                json => JsonSerializer.Deserialize<List<QuestionDefinition>>(json, QuestionJson) ?? new List<QuestionDefinition>(),
                new ValueComparer<List<QuestionDefinition>>(
                    (a, b) => a!.SequenceEqual(b!),
                    list => list.Aggregate(0, (hash, q) => HashCode.Combine(hash, q.GetHashCode())),
                    list => list.ToList()));
            instrument.Property(x => x.Revision).IsConcurrencyToken();
            instrument.HasIndex(x => new { x.Code, x.Version }).IsUnique();
            instrument.HasIndex(x => new { x.CreatedBy, x.ClientRequestId }).IsUnique();
        });
        modelBuilder.Entity<Wave>(wave =>
        {
            wave.ToTable("waves");
            wave.HasKey(x => x.Id);
            wave.Property(x => x.Id).HasMaxLength(36);
            wave.Property(x => x.Title).HasMaxLength(SurveyLimits.Title);
            wave.Property(x => x.InstrumentId).HasMaxLength(36);
            wave.Property(x => x.CreatedBy).HasMaxLength(200);
            wave.Property(x => x.ClientRequestId).HasMaxLength(CreateOnce.MaxRequestIdLength);
            wave.Property(x => x.Fingerprint).HasMaxLength(64);
            wave.Property(x => x.Revision).IsConcurrencyToken();
            wave.HasIndex(x => x.Year).IsUnique();
            wave.HasIndex(x => new { x.CreatedBy, x.ClientRequestId }).IsUnique();
        });
        modelBuilder.Entity<WaveUnit>(unit =>
        {
            unit.ToTable("wave_units");
            unit.HasKey(x => new { x.WaveId, x.Unit });
            unit.Property(x => x.WaveId).HasMaxLength(36);
            unit.Property(x => x.Unit).HasMaxLength(16);
        });
        modelBuilder.Entity<InvitationBatch>(batch =>
        {
            batch.ToTable("invitation_batches");
            batch.HasKey(x => x.Id);
            batch.Property(x => x.Id).HasMaxLength(36);
            batch.Property(x => x.WaveId).HasMaxLength(36);
            batch.Property(x => x.Unit).HasMaxLength(16);
            batch.Property(x => x.IssuedBy).HasMaxLength(200);
            batch.Property(x => x.ClientRequestId).HasMaxLength(CreateOnce.MaxRequestIdLength);
            batch.HasIndex(x => new { x.IssuedBy, x.ClientRequestId }).IsUnique();
        });
        modelBuilder.Entity<Invitation>(invitation =>
        {
            invitation.ToTable("invitations");
            invitation.HasKey(x => x.TokenHash);
            invitation.Property(x => x.TokenHash).HasMaxLength(64);
            invitation.Property(x => x.WaveId).HasMaxLength(36);
            invitation.Property(x => x.Unit).HasMaxLength(16);
        });
        modelBuilder.Entity<SpentInvitation>(spent =>
        {
            spent.ToTable("spent_invitations");
            spent.HasKey(x => x.TokenHash);
            spent.Property(x => x.TokenHash).HasMaxLength(64);
        });
        modelBuilder.Entity<PendingResponse>(pending =>
        {
            pending.ToTable("pending_responses");
            pending.HasKey(x => x.Id);
            pending.Property(x => x.Id).HasMaxLength(36);
            pending.Property(x => x.WaveId).HasMaxLength(36);
            pending.Property(x => x.Unit).HasMaxLength(16);
            pending.Property(x => x.Answers).HasMaxLength(2000);
            pending.HasIndex(x => new { x.WaveId, x.Unit });
        });
        modelBuilder.Entity<PendingComment>(pending =>
        {
            pending.ToTable("pending_comments");
            pending.HasKey(x => x.Id);
            pending.Property(x => x.Id).HasMaxLength(36);
            pending.Property(x => x.WaveId).HasMaxLength(36);
            pending.Property(x => x.Unit).HasMaxLength(16);
            pending.Property(x => x.QuestionId).HasMaxLength(64);
            pending.Property(x => x.Text).HasMaxLength(SurveyLimits.CommentLength);
            pending.HasIndex(x => new { x.WaveId, x.Unit });
        });
        modelBuilder.Entity<SurveyResponse>(response =>
        {
            response.ToTable("responses");
            response.HasKey(x => x.Id);
            response.Property(x => x.Id).HasMaxLength(36);
            response.Property(x => x.WaveId).HasMaxLength(36);
            response.Property(x => x.Unit).HasMaxLength(16);
            response.Property(x => x.Answers).HasMaxLength(2000);
            response.HasIndex(x => new { x.WaveId, x.Unit });
        });
        modelBuilder.Entity<SurveyComment>(comment =>
        {
            comment.ToTable("comments");
            comment.HasKey(x => x.Id);
            comment.Property(x => x.Id).HasMaxLength(36);
            comment.Property(x => x.WaveId).HasMaxLength(36);
            comment.Property(x => x.Unit).HasMaxLength(16);
            comment.Property(x => x.QuestionId).HasMaxLength(64);
            comment.Property(x => x.Text).HasMaxLength(SurveyLimits.CommentLength);
            comment.HasIndex(x => new { x.WaveId, x.Unit, x.Id });
        });
        modelBuilder.Entity<ResultSnapshot>(result =>
        {
            result.ToTable("result_snapshots");
            result.HasKey(x => new { x.WaveId, x.Unit });
            result.Property(x => x.WaveId).HasMaxLength(36);
            result.Property(x => x.Unit).HasMaxLength(16);
        });
        modelBuilder.Entity<Measure>(measure =>
        {
            measure.ToTable("measures");
            measure.HasKey(x => x.Id);
            measure.Property(x => x.Id).HasMaxLength(36);
            measure.Property(x => x.Unit).HasMaxLength(16);
            measure.Property(x => x.Title).HasMaxLength(SurveyLimits.Title);
            measure.Property(x => x.Description).HasMaxLength(SurveyLimits.MeasureDescription);
            measure.Property(x => x.Owner).HasMaxLength(SurveyLimits.MeasureOwner);
            measure.Property(x => x.Theme).HasMaxLength(64);
            measure.Property(x => x.WaveId).HasMaxLength(36);
            measure.Property(x => x.CreatedBy).HasMaxLength(200);
            measure.Property(x => x.ClientRequestId).HasMaxLength(CreateOnce.MaxRequestIdLength);
            measure.Property(x => x.Fingerprint).HasMaxLength(64);
            measure.Property(x => x.Revision).IsConcurrencyToken();
            measure.HasIndex(x => new { x.Unit, x.Id });
            measure.HasIndex(x => new { x.CreatedBy, x.ClientRequestId }).IsUnique();
        });
    }
}
