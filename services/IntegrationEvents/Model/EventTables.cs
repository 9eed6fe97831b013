using Microsoft.EntityFrameworkCore;

namespace Pvi.IntegrationEvents.Model;

/// <summary>An event committed with the state change that caused it, until the relay has published it. Times are UTC.</summary>
public sealed class OutboxMessage
{
    /// <summary>Commit order; the relay publishes in this order per subject.</summary>
    public long Sequence { get; set; }

    public Guid EventId { get; set; }

    public required string Topic { get; set; }

    public required string EventType { get; set; }

    /// <summary>The aggregate the event is about (CloudEvent <c>subject</c>).</summary>
    public required string Subject { get; set; }

    /// <summary>The whole CloudEvent, as JSON.</summary>
    public required string CloudEvent { get; set; }

    public DateTime CreatedAt { get; set; }

    public int Attempts { get; set; }

    public DateTime? NextAttemptAt { get; set; }

    public DateTime? PublishedAt { get; set; }

    public string? LastError { get; set; }
}

/// <summary>A CloudEvent a handler has applied; written in the handler's own transaction.</summary>
public sealed class ProcessedMessage
{
    public required string MessageId { get; set; }

    public required string Handler { get; set; }

    public DateTime ProcessedAt { get; set; }
}

/// <summary>Failed attempts of a handler on a message, to bound its retries.</summary>
public sealed class HandlerAttempt
{
    public required string MessageId { get; set; }

    public required string Handler { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTime LastAttemptAt { get; set; }
}

/// <summary>A message that could not be handled; kept to be looked at and replayed.</summary>
public sealed class DeadLetter
{
    public Guid Id { get; set; }

    public required string MessageId { get; set; }

    public required string EventType { get; set; }

    public string? Subject { get; set; }

    /// <summary>The event's data (JSON), as the handler receives it.</summary>
    public required string Data { get; set; }

    public required string Reason { get; set; }

    public DateTime DeadLetteredAt { get; set; }

    public DateTime? ReplayedAt { get; set; }
}

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
