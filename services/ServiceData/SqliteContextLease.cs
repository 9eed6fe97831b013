using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Pvi.ServiceData;

/// <summary>
/// A scope's SQLite context: one from the pool, lent an open reader of its <see cref="SqliteStore"/>
/// from its first use to the end of the scope (a call, an event, a relay round), so that its reads
/// share one connection set up once instead of opening one for every statement. The scope returns
/// the context to its pool (it disposes what the scope resolved) before this gives the reader back.
/// </summary>
internal sealed class SqliteContextLease<TContext>(IDbContextFactory<TContext> contexts, SqliteStore store) : IDisposable
    where TContext : DbContext
{
    private TContext? _context;
    private DbConnection? _reader;

    public TContext Context
    {
        get
        {
            if (_context is null)
            {
                var context = contexts.CreateDbContext();
                _reader = store.Lend(context);
                _context = context;
            }

            return _context;
        }
    }

    public void Dispose()
    {
        if (_reader is { } reader)
        {
            _reader = null;
            store.Return(reader);
        }
    }
}
