using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Pvi.SocialAgenda.Infrastructure;
using Pvi.SocialAgenda.Model;
using Pvi.SocialAgenda.Results;

namespace Pvi.SocialAgenda.Responses;

/// <summary>The scoring of published instruments, kept in memory: a published instrument never changes.</summary>
public sealed class PublishedInstruments
{
    private readonly ConcurrentDictionary<string, InstrumentScoring> _instruments = new(StringComparer.Ordinal);

    public async Task<InstrumentScoring> GetAsync(SurveyDbContext db, string instrumentId, CancellationToken cancellationToken)
    {
        if (_instruments.TryGetValue(instrumentId, out var scoring))
        {
            return scoring;
        }

        var instrument = await db.Instruments.AsNoTracking().SingleAsync(i => i.Id == instrumentId, cancellationToken);
        scoring = new InstrumentScoring(instrument.Questions);
        return instrument.State == InstrumentState.Published ? _instruments.GetOrAdd(instrumentId, scoring) : scoring;
    }
}
