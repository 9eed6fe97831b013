using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;

namespace Pvi.ServiceData;

/// <summary>
/// Opens the service's database connection once for a unary call and closes it when the call is
/// answered, so that its reads and its unit of work share one connection instead of taking one
/// from the pool, setting it up and giving it back for every statement (on SQLite each open also
/// sets the connection's pragmas and registers EF Core's functions again, which expires the
/// prepared statements). Streaming calls, which may stay open for hours, keep EF Core's own
/// open-per-command behaviour.
/// </summary>
public sealed class ConnectionPerCall<TContext>(TContext db) : Interceptor
    where TContext : DbContext
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await db.Database.OpenConnectionAsync(context.CancellationToken).ConfigureAwait(false);
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }
}
