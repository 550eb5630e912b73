using Microsoft.EntityFrameworkCore;

namespace FaceAspire.Api.Photos;

/// <summary>
/// The <c>page</c> and <c>pageSize</c> query parameters of every list. Both are bounded, so the offset
/// <c>(page - 1) * pageSize</c> always fits an <see cref="int"/>: a huge page is a 400, never an overflow.
/// </summary>
public static class Paging
{
    public const int MaxPageSize = 100;

    /// <summary>Ten thousand pages of <see cref="MaxPageSize"/>: a million rows, far past any real list.</summary>
    public const int MaxPage = 10_000;

    /// <summary>Problems with the parameters, keyed by field; null when they are valid.</summary>
    public static Dictionary<string, string[]>? Check(int page, int pageSize)
    {
        var problems = new Dictionary<string, string[]>();
        if (page is < 1 or > MaxPage)
        {
            problems["page"] = [$"page must be between 1 and {MaxPage}."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            problems["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        }

        return problems.Count > 0 ? problems : null;
    }

    /// <summary>How many rows precede the page; the bounds of <see cref="Check"/> keep it from overflowing.</summary>
    public static int Offset(int page, int pageSize) => (page - 1) * pageSize;

    /// <summary>
    /// One page of <paramref name="ordered"/> and the number of rows of <paramref name="all"/> (the same query, unordered)
    /// in one statement: the count rides along each row of the page as a scalar subquery, which PostgreSQL computes once.
    /// Only a page with no rows needs a second statement for the count (none on page 1: the query has no rows at all).
    /// </summary>
    public static async Task<(List<T> Items, int Total)> ReadAsync<T>(
        IQueryable<T> ordered, IQueryable<T> all, int page, int pageSize, CancellationToken cancellationToken)
    {
        var rows = await ordered.Skip(Offset(page, pageSize)).Take(pageSize)
            .Select(item => new { Item = item, Total = all.Count() })
            .ToListAsync(cancellationToken);
        if (rows.Count > 0)
        {
            return ([.. rows.Select(r => r.Item)], rows[0].Total);
        }

        return ([], page == 1 ? 0 : await all.CountAsync(cancellationToken));
    }
}
