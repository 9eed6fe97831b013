using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Pvi.ServiceData;

/// <summary>
/// Reference data that only seeds/ changes (a restart loads them): read once, on first use after
/// the seeds are in (the startup gate holds calls until then), and kept for the process's life, so
/// that no call reads it from the database.
/// </summary>
public abstract class SeededReferenceData<TContext, T>(IServiceScopeFactory scopes)
    where TContext : DbContext
    where T : class
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile T? _loaded;

    protected abstract Task<T> LoadAsync(TContext db, CancellationToken cancellationToken);

    public async ValueTask<T> GetAsync(CancellationToken cancellationToken)
    {
        if (_loaded is { } loaded)
        {
            return loaded;
        }

        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_loaded is null)
            {
                await using var scope = scopes.CreateAsyncScope();
                _loaded = await LoadAsync(scope.ServiceProvider.GetRequiredService<TContext>(), cancellationToken).ConfigureAwait(false);
            }

            return _loaded;
        }
        finally
        {
            _loading.Release();
        }
    }
}
