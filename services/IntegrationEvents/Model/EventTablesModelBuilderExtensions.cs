using Microsoft.EntityFrameworkCore;

namespace Pvi.IntegrationEvents.Model;

public static class EventTablesModelBuilderExtensions
{
    /// <summary>Maps the outbox, processed-messages, handler-attempt and dead-letter tables into a service's own model.</summary>
    public static ModelBuilder AddIntegrationEventTables(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Sequence);
            outbox.Property(m => m.Sequence).ValueGeneratedOnAdd();
            outbox.HasIndex(m => m.EventId).IsUnique();
            outbox.HasIndex(m => new { m.PublishedAt, m.Sequence });
            outbox.Property(m => m.Topic).HasMaxLength(200);
            outbox.Property(m => m.EventType).HasMaxLength(200);
            outbox.Property(m => m.Subject).HasMaxLength(200);
            outbox.Property(m => m.LastError).HasMaxLength(2000);
        });

        modelBuilder.Entity<ProcessedMessage>(processed =>
        {
            processed.ToTable("processed_messages");
            processed.HasKey(m => new { m.MessageId, m.Handler });
            processed.HasIndex(m => m.ProcessedAt);
            processed.Property(m => m.MessageId).HasMaxLength(100);
            processed.Property(m => m.Handler).HasMaxLength(200);
        });

        modelBuilder.Entity<HandlerAttempt>(attempt =>
        {
            attempt.ToTable("handler_attempts");
            attempt.HasKey(m => new { m.MessageId, m.Handler });
            attempt.Property(m => m.MessageId).HasMaxLength(100);
            attempt.Property(m => m.Handler).HasMaxLength(200);
            attempt.Property(m => m.LastError).HasMaxLength(2000);
        });

        modelBuilder.Entity<DeadLetter>(dead =>
        {
            dead.ToTable("dead_letters");
            dead.HasKey(m => m.Id);
            dead.HasIndex(m => m.DeadLetteredAt);
            dead.Property(m => m.MessageId).HasMaxLength(100);
            dead.Property(m => m.EventType).HasMaxLength(200);
            dead.Property(m => m.Subject).HasMaxLength(200);
            dead.Property(m => m.Reason).HasMaxLength(2000);
        });

        return modelBuilder;
    }
}
