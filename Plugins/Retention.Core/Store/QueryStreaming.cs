using System.Runtime.CompilerServices;

namespace Retention.Core.Store;

/// <summary>
/// Optional beside <see cref="IQueryRunner"/>: a runner that can hand a query's rows over one by one as the database
/// sends them (EF Core's and linq2db's <c>AsAsyncEnumerable</c>), so a long sorted read is never held as one list.
/// </summary>
public interface IQueryStreamer
{
    IAsyncEnumerable<T> StreamAsync<T>(IQueryable<T> query, CancellationToken cancellationToken = default);
}

/// <summary>Streams through the runner when it is an <see cref="IQueryStreamer"/>, otherwise lists the rows first.</summary>
public static class QueryStreaming
{
    public static IAsyncEnumerable<T> StreamAsync<T>(IQueryRunner runner, IQueryable<T> query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(query);
        return runner is IQueryStreamer streamer ? streamer.StreamAsync(query, cancellationToken) : Listed(runner, query, cancellationToken);
    }

    private static async IAsyncEnumerable<T> Listed<T>(IQueryRunner runner, IQueryable<T> query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var row in await runner.ToListAsync(query, cancellationToken))
            yield return row;
    }
}
