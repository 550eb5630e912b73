using System.Numerics.Tensors;

namespace FaceAspire.Vision.Identity;

/// <summary>One scored row of an <see cref="EmbeddingMatrix"/>.</summary>
public readonly record struct EmbeddingMatch(int Row, float Cosine);

/// <summary>
/// Unit descriptors of one owner held as rows of half-precision values (2 bytes per dimension: 100,000 faces of
/// 512 dimensions take 102 MB), searched exactly: the query's cosine with every row, computed block by block by
/// widening a block of rows to single precision and taking SIMD dot products
/// (<see cref="TensorPrimitives"/>), in parallel over row ranges once the matrix is large. Rows are appended and
/// removed (the last row takes a removed row's place); not thread-safe for writes, so owners rebuild or lock it.
/// </summary>
public sealed class EmbeddingMatrix
{
    private const int BlockRows = 64;
    private const int ParallelRows = 16_384;

    private Half[] values;

    public EmbeddingMatrix(int dimensions, int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        Dimensions = dimensions;
        values = new Half[Math.Max(capacity, 1) * dimensions];
    }

    public int Dimensions { get; }

    public int Count { get; private set; }

    /// <summary>Bytes held by the values (the owner's ids come on top).</summary>
    public long ValueBytes => (long)values.Length * 2;

    /// <summary>Appends a row given in the stored form (<see cref="EmbeddingCodec"/>); returns its row number.</summary>
    public int Add(ReadOnlySpan<Half> row)
    {
        if (row.Length != Dimensions)
        {
            throw new ArgumentException($"A row has {Dimensions} values, not {row.Length}.", nameof(row));
        }

        if ((Count + 1) * Dimensions > values.Length)
        {
            Array.Resize(ref values, Math.Max(values.Length * 2, (Count + 1) * Dimensions));
        }

        row.CopyTo(values.AsSpan(Count * Dimensions, Dimensions));
        return Count++;
    }

    /// <summary>Removes <paramref name="row"/> by moving the last row into its place; returns the row that moved (or -1).</summary>
    public int RemoveAt(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Count);
        var last = Count - 1;
        if (row != last)
        {
            values.AsSpan(last * Dimensions, Dimensions).CopyTo(values.AsSpan(row * Dimensions, Dimensions));
        }

        Count--;
        return row == last ? -1 : last;
    }

    /// <summary>The row as stored.</summary>
    public ReadOnlySpan<Half> Row(int row) => values.AsSpan(row * Dimensions, Dimensions);

    /// <summary>The cosine of <paramref name="query"/> (a unit vector) with every row, into <paramref name="cosines"/>.</summary>
    public void Cosines(ReadOnlySpan<float> query, Span<float> cosines)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"The query has {query.Length} values; rows have {Dimensions}.", nameof(query));
        }

        if (cosines.Length < Count)
        {
            throw new ArgumentException("The output is shorter than the row count.", nameof(cosines));
        }

        if (Count < ParallelRows)
        {
            ScoreRange(query, 0, Count, cosines);
            return;
        }

        var queryCopy = query.ToArray();
        var output = new float[Count];
        var parts = Math.Min(Environment.ProcessorCount, (Count + ParallelRows - 1) / ParallelRows);
        var size = ((Count / parts) + BlockRows - 1) / BlockRows * BlockRows;
        Parallel.For(0, parts, part =>
        {
            var start = part * size;
            var end = Math.Min(Count, start + size);
            if (start < end)
            {
                ScoreRange(queryCopy, start, end, output.AsSpan(start, end - start));
            }
        });
        output.AsSpan(0, Count).CopyTo(cosines);
    }

    /// <summary>
    /// The rows whose cosine with <paramref name="query"/> is at least <paramref name="minCosine"/>, best first, at most
    /// <paramref name="maxResults"/>, skipping rows for which <paramref name="skip"/> says so.
    /// </summary>
    public IReadOnlyList<EmbeddingMatch> Search(ReadOnlySpan<float> query, float minCosine, int maxResults, Func<int, bool>? skip = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
        var cosines = new float[Count];
        Cosines(query, cosines);
        var best = new PriorityQueue<int, float>(Math.Min(maxResults, Count) + 1);
        for (var row = 0; row < cosines.Length; row++)
        {
            var cosine = cosines[row];
            if (cosine < minCosine || (skip is not null && skip(row)))
            {
                continue;
            }

            if (best.Count < maxResults)
            {
                best.Enqueue(row, cosine);
            }
            else if (best.TryPeek(out _, out var worst) && cosine > worst)
            {
                best.DequeueEnqueue(row, cosine);
            }
        }

        var matches = new List<EmbeddingMatch>(best.Count);
        while (best.TryDequeue(out var row, out var cosine))
        {
            matches.Add(new EmbeddingMatch(row, cosine));
        }

        matches.Reverse();
        return matches;
    }

    private void ScoreRange(ReadOnlySpan<float> query, int start, int end, Span<float> cosines)
    {
        var block = new float[BlockRows * Dimensions];
        for (var first = start; first < end; first += BlockRows)
        {
            var rows = Math.Min(BlockRows, end - first);
            var widened = block.AsSpan(0, rows * Dimensions);
            TensorPrimitives.ConvertToSingle(values.AsSpan(first * Dimensions, rows * Dimensions), widened);
            for (var r = 0; r < rows; r++)
            {
                cosines[first - start + r] = Math.Clamp(TensorPrimitives.Dot(query, widened.Slice(r * Dimensions, Dimensions)), -1f, 1f);
            }
        }
    }
}
