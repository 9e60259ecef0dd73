using Retention.Core.Store;

namespace Retention.Core.Tables;

/// <summary>The reads every table store makes through the host's <see cref="IQueryRunner"/>.</summary>
public static class TableQueries
{
    /// <summary>
    /// Ids per query for a <c>Contains</c> list: SQL Server refuses more than 2,100 parameters and SQLite has its own limit,
    /// and linq2db (and EF Core on SQLite) send one parameter per id.
    /// </summary>
    public const int ChunkSize = 1000;

    /// <summary>The first row of <paramref name="query"/>, or null.</summary>
    public static async Task<T?> FirstOrDefaultAsync<T>(this IQueryRunner runner, IQueryable<T> query, CancellationToken cancellationToken = default) =>
        (await runner.ToListAsync(query.Take(1), cancellationToken)).FirstOrDefault();

    /// <summary>The rows of <paramref name="query"/> over each chunk of the distinct <paramref name="ids"/>, concatenated.</summary>
    public static async Task<List<TRow>> ByChunksAsync<TId, TRow>(this IQueryRunner runner, IEnumerable<TId> ids, Func<List<TId>, IQueryable<TRow>> query,
        CancellationToken cancellationToken = default)
    {
        var rows = new List<TRow>();
        foreach (var chunk in ids.Distinct().Chunk(ChunkSize))
            rows.AddRange(await runner.ToListAsync(query(chunk.ToList()), cancellationToken));
        return rows;
    }

    /// <summary>A stored time as UTC: databases hand DateTime back as Unspecified, and every stored time is UTC.</summary>
    public static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    /// <inheritdoc cref="Utc(DateTime)"/>
    public static DateTime? Utc(DateTime? value) => value is { } v ? Utc(v) : null;
}
