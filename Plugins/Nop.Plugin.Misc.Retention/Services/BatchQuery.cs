using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// Runs one query per chunk of an id list. SQL Server refuses a statement with more than 2,100 parameters and linq2db
/// turns each id of a <c>Contains</c> into one, so a due batch's ids are read 1,000 at a time.
/// </summary>
public static class BatchQuery
{
    /// <summary>Ids per query.</summary>
    public const int ChunkSize = 1000;

    /// <summary>The rows of <paramref name="query"/> over each chunk of the distinct <paramref name="ids"/>, concatenated.</summary>
    public static async Task<List<TRow>> ByChunksAsync<TId, TRow>(this IQueryRunner runner, IEnumerable<TId> ids, Func<List<TId>, IQueryable<TRow>> query,
        CancellationToken cancellationToken = default)
    {
        var rows = new List<TRow>();
        foreach (var chunk in ids.Distinct().Chunk(ChunkSize))
            rows.AddRange(await runner.ToListAsync(query(chunk.ToList()), cancellationToken));
        return rows;
    }
}
