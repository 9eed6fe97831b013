using Microsoft.EntityFrameworkCore;
using Pvi.IntegrationEvents;
using Pvi.IntegrationEvents.Publishing;
using Pvi.NdvMatching.Matching;
using Pvi.NdvMatching.Model;
using Pvi.ServiceData;

namespace Pvi.NdvMatching.Infrastructure;

/// <summary>
/// The fictional members of seeds/ndv/members.json, loaded into an empty register when
/// <c>Ndv:SeedDemoMembers</c> is on (the embedded default); a register with members is left alone.
/// Each is announced like any registered member, so the other services learn them too.
/// </summary>
public sealed class DemoMembersSeed(NdvOptions options, EventCatalog catalog, EventsSettings events, TimeProvider time) : ISeedData<NdvDbContext>
{
    public async Task SeedAsync(NdvDbContext db, CancellationToken cancellationToken)
    {
        if (!options.SeedDemoMembers || await db.Members.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var seeds = await SeedFiles.ReadAsync<List<DemoMember>>("ndv/members.json", cancellationToken);
        var outbox = new Outbox<NdvDbContext>(db, catalog, events, time);
        foreach (var member in seeds.Select(seed => new Member
        {
            Id = seed.Id,
            Name = seed.Name,
            Email = seed.Email,
            Phone = seed.Phone,
            HomeUnit = seed.HomeUnit,
            Networks = seed.Networks,
            ExpertiseTags = seed.ExpertiseTags,
            Languages = seed.Languages,
            ConsentActive = seed.Consent,
            ConsentRecordedAt = seed.Consent ? now : null,
            CreatedAt = now,
            UpdatedAt = now,
        }))
        {
            db.Members.Add(member);
            outbox.Enqueue(member.Id, MemberEvents.Changed(member, now));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private sealed record DemoMember(
        string Id, string Name, string Email, string Phone, string HomeUnit,
        List<string> Networks, List<string> ExpertiseTags, List<string> Languages, bool Consent);
}
