using System.Buffers.Text;
using System.Linq.Expressions;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Pvi.ServiceDefaults.Errors;

namespace Pvi.ServiceData;

/// <summary>
/// AIP-158 pagination by key: the page token is an opaque encoding of the last key returned,
/// so pages stay stable while rows are added and a token cannot be used to skip filters.
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    private const string Prefix = "k1:";

    /// <summary>Reads <c>page_size</c> and <c>page_token</c>, adding a violation for each that is wrong.</summary>
    public static PageRequest Read(int pageSize, string pageToken, FieldViolations violations)
    {
        violations.PageSize("page_size", pageSize, MaxPageSize);
        var size = pageSize <= 0 ? DefaultPageSize : Math.Min(pageSize, MaxPageSize);
        return new PageRequest(size, AfterKey(pageToken, violations));
    }

    /// <summary>Reads the page fields of a request that has nothing else to validate.</summary>
    public static PageRequest Read(int pageSize, string pageToken)
    {
        var violations = new FieldViolations();
        var page = Read(pageSize, pageToken, violations);
        violations.ThrowIfAny();
        return page;
    }

    /// <summary>The page of <paramref name="query"/> ordered by a unique string key (descending: newest first for time-ordered ids).</summary>
    public static async Task<Page<T>> ToPageAsync<T>(
        this IQueryable<T> query, Expression<Func<T, string>> key, PageRequest page, CancellationToken cancellationToken, bool descending = false)
    {
        var ordered = (descending ? query.OrderByDescending(key) : query.OrderBy(key)).AsQueryable();
        if (page.AfterKey is not null)
        {
            // string.Compare(key(x), after) > 0 (< 0 descending), which EF translates to a plain comparison.
            var after = Expression.Constant(page.AfterKey);
            var compare = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, key.Body, after);
            var beyond = descending ? Expression.LessThan(compare, Expression.Constant(0)) : Expression.GreaterThan(compare, Expression.Constant(0));
            var predicate = Expression.Lambda<Func<T, bool>>(beyond, key.Parameters);
            ordered = ordered.Where(predicate);
        }

        var rows = await ordered.Take(page.Size + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (rows.Count <= page.Size)
        {
            return new Page<T>(rows, string.Empty);
        }

        rows.RemoveAt(rows.Count - 1);
        return new Page<T>(rows, Encode(key.Compile()(rows[^1])));
    }

    /// <summary>The page token after <paramref name="lastKey"/>, for a list ordered by a key of its own (read back as <see cref="PageRequest.AfterKey"/>).</summary>
    public static string TokenAfter(string lastKey) => Encode(lastKey);

    private static string Encode(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + lastKey));

    private static string? AfterKey(string pageToken, FieldViolations violations)
    {
        if (string.IsNullOrEmpty(pageToken))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(pageToken));
            if (text.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return text[Prefix.Length..];
            }
        }
        catch (FormatException)
        {
        }

        violations.Add("page_token", "is not a page token this service issued");
        return null;
    }
}
