namespace FaceAspire.Evaluation.Metrics;

/// <summary>
/// Counts of (true class, predicted class) over a fixed, ordered list of class labels. Rows are true classes,
/// columns predictions. Predictions outside the label list (or none at all) land in an extra "missed" column,
/// so a face the engine failed to find still counts against recall instead of silently disappearing.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly Dictionary<string, int> _index;
    private readonly int[,] _counts;

    public ConfusionMatrix(IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0 || labels.Distinct(StringComparer.Ordinal).Count() != labels.Count)
        {
            throw new ArgumentException("Labels must be a non-empty list without duplicates.", nameof(labels));
        }

        Labels = labels;
        _index = labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        _counts = new int[labels.Count, labels.Count + 1];
    }

    /// <summary>The class labels, in row/column order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Number of samples added.</summary>
    public int Total { get; private set; }

    /// <summary>Adds one sample; <paramref name="predicted"/> null or unknown counts as missed.</summary>
    public void Add(string truth, string? predicted)
    {
        if (!_index.TryGetValue(truth, out var row))
        {
            throw new ArgumentException($"Unknown true class '{truth}'.", nameof(truth));
        }

        var column = predicted is not null && _index.TryGetValue(predicted, out var c) ? c : Labels.Count;
        _counts[row, column]++;
        Total++;
    }

    /// <summary>How many samples of class <paramref name="truth"/> were predicted as <paramref name="predicted"/>.</summary>
    public int Count(string truth, string predicted) => _counts[_index[truth], _index[predicted]];

    /// <summary>How many samples of class <paramref name="truth"/> got no usable prediction.</summary>
    public int Missed(string truth) => _counts[_index[truth], Labels.Count];

    /// <summary>Samples whose true class is <paramref name="truth"/>.</summary>
    public int Support(string truth)
    {
        var row = _index[truth];
        var sum = 0;
        for (var c = 0; c <= Labels.Count; c++)
        {
            sum += _counts[row, c];
        }

        return sum;
    }

    /// <summary>Fraction of all samples predicted correctly; NaN when empty.</summary>
    public double Accuracy()
    {
        var correct = 0;
        for (var i = 0; i < Labels.Count; i++)
        {
            correct += _counts[i, i];
        }

        return Total == 0 ? double.NaN : (double)correct / Total;
    }

    /// <summary>Recall of one class (correct / support); NaN when the class has no samples.</summary>
    public double Recall(string label)
    {
        var support = Support(label);
        return support == 0 ? double.NaN : (double)Count(label, label) / support;
    }

    /// <summary>Per-class recall in label order.</summary>
    public IReadOnlyDictionary<string, double> RecallPerClass() =>
        Labels.ToDictionary(l => l, Recall, StringComparer.Ordinal);

    /// <summary>Mean recall over the classes that have samples (balanced accuracy); NaN when empty.</summary>
    public double BalancedAccuracy()
    {
        var recalls = Labels.Select(Recall).Where(r => !double.IsNaN(r)).ToList();
        return recalls.Count == 0 ? double.NaN : recalls.Average();
    }

    /// <summary>Rows as label -> (predicted label or "(missed)") -> count, for reports.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> ToRows()
    {
        var rows = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var truth in Labels)
        {
            var row = Labels.ToDictionary(p => p, p => Count(truth, p), StringComparer.Ordinal);
            row[MissedColumn] = Missed(truth);
            rows[truth] = row;
        }

        return rows;
    }

    /// <summary>The column name used for samples without a usable prediction.</summary>
    public const string MissedColumn = "(missed)";
}
