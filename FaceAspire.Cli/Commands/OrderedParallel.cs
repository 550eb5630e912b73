namespace FaceAspire.Cli.Commands;

/// <summary>Runs work items with bounded concurrency and hands results back strictly in input order.</summary>
internal static class OrderedParallel
{
    /// <summary>
    /// Starts at most <paramref name="degree"/> items at a time and calls <paramref name="emit"/> for each result
    /// in input order, as soon as it and every earlier one are done, so output streams instead of waiting for all.
    /// </summary>
    public static async Task RunAsync<TIn, TOut>(
        IEnumerable<TIn> items, int degree, Func<TIn, CancellationToken, TOut> work, Action<TOut> emit, CancellationToken cancellationToken)
    {
        var window = new Queue<Task<TOut>>();
        foreach (var item in items)
        {
            if (window.Count >= degree)
            {
                emit(await window.Dequeue().ConfigureAwait(false));
            }

            window.Enqueue(Task.Run(() => work(item, cancellationToken), cancellationToken));
        }

        while (window.Count > 0)
        {
            emit(await window.Dequeue().ConfigureAwait(false));
        }
    }
}
