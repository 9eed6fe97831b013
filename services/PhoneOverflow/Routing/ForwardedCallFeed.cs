using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Pvi.PhoneOverflow.Infrastructure;
using Pvi.PhoneOverflow.Model;

namespace Pvi.PhoneOverflow.Routing;

/// <summary>
/// The calls forwarded to one RSC, in position order, from a position on and then live: woken by the
/// forward signal when a call is committed, and every poll interval in any case.
/// </summary>
public static class ForwardedCallFeed
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private const int PageSize = 100;

    public static async IAsyncEnumerable<ForwardedCall> FollowAsync(
        OverflowDbContext db, ForwardSignal forwarded, string rsc, long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            // Armed before the query, so that a call committed in between still wakes the loop.
            var signal = forwarded.WaitAsync(rsc);
            var calls = await db.ForwardedCalls.AsNoTracking()
                .Where(f => f.Rsc == rsc && f.Position > after)
                .OrderBy(f => f.Position)
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            foreach (var call in calls)
            {
                yield return call;
                after = call.Position;
            }

            if (calls.Count == PageSize)
            {
                continue;
            }

            try
            {
                await signal.WaitAsync(PollInterval, cancellationToken);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }
}
