using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.ServiceDefaults.Tests;

/// <summary>
/// The shared data pieces every service builds on, on a real SQLite file: the retry-safe create
/// (a request_id creates once, also when copies race in) and the wake-up after a commit (never
/// before the commit, never for a rollback).
/// </summary>
public sealed class SharedDataPiecesTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pvi-data-pieces-").FullName;
    private readonly Announcements _announced = new();

    private SqliteStore? _store;

    private string ConnectionString => $"Data Source={Path.Combine(_folder, "notes.db")}";

    /// <summary>The database's store, as the service's host has one: its writer and readers.</summary>
    private SqliteStore Store => _store ??= new SqliteStore(ConnectionString);

    public async Task InitializeAsync()
    {
        await using var db = Create();
        await db.Database.EnsureCreatedAsync();
    }

    public Task DisposeAsync()
    {
        _store?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_repeated_request_id_with_the_same_content_gets_the_first_answer_and_creates_nothing()
    {
        var first = await CreateAsync("alice", "r-1", "first note");
        var again = await CreateAsync("alice", "r-1", "first note");

        Assert.Equal(first, again);
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task A_request_id_reused_with_other_content_is_already_exists_and_changes_nothing()
    {
        await CreateAsync("alice", "r-1", "first note");

        var refused = await Assert.ThrowsAsync<AlreadyExistsException>(() => CreateAsync("alice", "r-1", "another note"));
        Assert.Equal("REQUEST_ID_REUSED", refused.Reason);
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task The_same_request_id_of_two_callers_and_no_request_id_at_all_create_each_time()
    {
        await CreateAsync("alice", "r-1", "note");
        await CreateAsync("bob", "r-1", "note");
        await CreateAsync("alice", string.Empty, "note");
        await CreateAsync("alice", string.Empty, "note");

        Assert.Equal(4, await CountAsync());
    }

    [Fact]
    public async Task Twenty_copies_of_one_create_racing_in_at_once_create_one_and_all_get_its_answer()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => CreateAsync("alice", "r-race", "note"))));

        Assert.Single(answers.Distinct());
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task A_repeat_gets_the_answer_to_what_was_created_even_when_a_new_create_would_now_be_refused()
    {
        var first = await CreateAsync("alice", "r-1", "note");

        // The create's own conditions no longer hold (a unit closed, a wave opened since): the
        // repeat is still the request that was answered, not a new one.
        var again = await CreateAsync("alice", "r-1", "note", refuse: true);

        Assert.Equal(first, again);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => CreateAsync("alice", "r-2", "note", refuse: true));
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task A_new_create_looks_for_no_earlier_row_and_a_repeat_looks_once()
    {
        var lookups = new List<string>();
        await CreateAsync("alice", "r-1", "note", lookups: lookups);
        Assert.Empty(lookups);

        await CreateAsync("alice", "r-1", "note", lookups: lookups);
        Assert.Equal(["r-1"], lookups);
    }

    [Fact]
    public async Task Rows_added_in_a_transaction_are_announced_after_its_commit_and_never_before()
    {
        await using var db = Create();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Notes.Add(Note("a"));
            await db.SaveChangesAsync();
            db.Notes.Add(Note("b"));
            await db.SaveChangesAsync();
            Assert.Empty(_announced.Batches);

            await transaction.CommitAsync();
        }

        Assert.Equal(["a", "b"], Assert.Single(_announced.Batches));
    }

    [Fact]
    public async Task Rows_of_a_rolled_back_transaction_or_a_failed_save_are_never_announced()
    {
        await using (var db = Create())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Notes.Add(Note("rolled back"));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        await using (var db = Create())
        {
            db.Notes.Add(Note("same id"));
            await db.SaveChangesAsync();
        }

        _announced.Batches.Clear();
        await using (var db = Create())
        {
            db.Notes.Add(Note("same id"));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        Assert.Empty(_announced.Batches);
    }

    [Fact]
    public async Task A_save_outside_a_transaction_is_announced_at_once()
    {
        await using var db = Create();
        db.Notes.Add(Note("single"));
        await db.SaveChangesAsync();

        Assert.Equal(["single"], Assert.Single(_announced.Batches));
    }

    private static NoteRow Note(string id) => new() { Id = id, Owner = "alice", Text = id, Fingerprint = string.Empty };

    /// <param name="refuse">The create's own conditions do not hold: a new create is refused before it saves.</param>
    /// <param name="lookups">Where the request ids looked up for an earlier row are written down.</param>
    private async Task<string> CreateAsync(string owner, string requestId, string text, bool refuse = false, List<string>? lookups = null)
    {
        await using var db = Create();
        return await db.CreateOnceAsync(
            new StringValue { Value = text },
            requestId,
            (id, ct) =>
            {
                lookups?.Add(id);
                return db.Notes.AsNoTracking().SingleOrDefaultAsync(n => n.Owner == owner && n.ClientRequestId == id, ct);
            },
            n => n.Fingerprint,
            (existing, _) => Task.FromResult(existing.Id),
            async (key, ct) =>
            {
                if (refuse)
                {
                    throw new PreconditionFailedException("NOTES_CLOSED", "No more notes are taken.");
                }

                var note = new NoteRow { Id = Guid.NewGuid().ToString(), Owner = owner, Text = text, ClientRequestId = key.ClientRequestId, Fingerprint = key.Fingerprint };
                db.Notes.Add(note);
                await Task.Delay(5, ct); // the create takes a moment, as a real one does
                await db.SaveChangesAsync(ct);
                return note.Id;
            },
            CancellationToken.None);
    }

    private async Task<int> CountAsync()
    {
        await using var db = Create();
        return await db.Notes.CountAsync();
    }

    private NotesDbContext Create() =>
        new(new DbContextOptionsBuilder<NotesDbContext>().UseSqlite(ConnectionString)
            .AddInterceptors(Store, new NoteAnnouncer(_announced)).Options);

    private sealed class Announcements
    {
        public List<string[]> Batches { get; } = [];
    }

    private sealed class NoteAnnouncer(Announcements announced) : AfterCommitInterceptor<NoteRow>
    {
        protected override void Committed(IReadOnlyList<NoteRow> added)
        {
            lock (announced)
            {
                announced.Batches.Add(added.Select(n => n.Id).ToArray());
            }
        }
    }

    private sealed class NoteRow
    {
        public required string Id { get; init; }

        public required string Owner { get; init; }

        public required string Text { get; init; }

        public string? ClientRequestId { get; init; }

        public required string Fingerprint { get; init; }
    }

    private sealed class NotesDbContext(DbContextOptions<NotesDbContext> options) : DbContext(options)
    {
        public DbSet<NoteRow> Notes => Set<NoteRow>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<NoteRow>().HasIndex(n => new { n.Owner, n.ClientRequestId }).IsUnique();
    }
}
