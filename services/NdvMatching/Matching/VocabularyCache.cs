using Microsoft.EntityFrameworkCore;
using Pvi.NdvMatching.Infrastructure;

namespace Pvi.NdvMatching.Matching;

/// <summary>
/// Reads the reference data once, after the seeds are in (the startup gate holds calls until
/// then); it changes only with seeds/, which a restart loads.
/// </summary>
public sealed class VocabularyCache(IServiceScopeFactory scopes)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private Vocabulary? _vocabulary;

    public async ValueTask<Vocabulary> GetAsync(CancellationToken cancellationToken)
    {
        if (_vocabulary is { } loaded)
        {
            return loaded;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_vocabulary is null)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<NdvDbContext>();
                _vocabulary = new Vocabulary(
                    await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, cancellationToken),
                    await db.Networks.AsNoTracking().ToDictionaryAsync(n => n.Code, StringComparer.Ordinal, cancellationToken),
                    await db.ExpertiseTags.AsNoTracking().ToDictionaryAsync(t => t.Code, StringComparer.Ordinal, cancellationToken));
            }

            return _vocabulary;
        }
        finally
        {
            _loading.Release();
        }
    }
}
