namespace FaceAspire.Vision.Attributes;

/// <summary>
/// Fits a <see cref="LogisticModel"/> by Newton's method (iteratively reweighted least squares) with a
/// small ridge penalty that keeps the fit finite when the classes separate perfectly. Few features,
/// thousands of rows: exact and fast, no learning rate to tune.
/// </summary>
public static class LogisticRegression
{
    public static LogisticModel Fit(IReadOnlyList<float[]> features, IReadOnlyList<bool> labels, double ridge = 1e-3, int iterations = 50)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.Count == 0 || features.Count != labels.Count)
        {
            throw new ArgumentException("Need the same, non-zero number of feature rows and labels.");
        }

        var k = features[0].Length + 1;
        var beta = new double[k];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var gradient = new double[k];
            var hessian = new double[k, k];
            for (var n = 0; n < features.Count; n++)
            {
                var x = Row(features[n]);
                var p = Sigmoid(Dot(beta, x));
                var error = (labels[n] ? 1 : 0) - p;
                var w = Math.Max(p * (1 - p), 1e-9);
                for (var i = 0; i < k; i++)
                {
                    gradient[i] += error * x[i];
                    for (var j = 0; j < k; j++)
                    {
                        hessian[i, j] += w * x[i] * x[j];
                    }
                }
            }

            for (var i = 1; i < k; i++)
            {
                gradient[i] -= ridge * beta[i];
                hessian[i, i] += ridge;
            }

            var step = Solve(hessian, gradient);
            var change = 0.0;
            for (var i = 0; i < k; i++)
            {
                beta[i] += step[i];
                change = Math.Max(change, Math.Abs(step[i]));
            }

            if (change < 1e-8)
            {
                break;
            }
        }

        return new LogisticModel((float)beta[0], [.. beta.Skip(1).Select(b => (float)b)]);
    }

    private static double[] Row(float[] features)
    {
        var x = new double[features.Length + 1];
        x[0] = 1;
        for (var i = 0; i < features.Length; i++)
        {
            x[i + 1] = features[i];
        }

        return x;
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>Gaussian elimination with partial pivoting; the systems here are at most a few unknowns.</summary>
    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++)
            {
                if (Math.Abs(m[row, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = row;
                }
            }

            for (var j = 0; j < n; j++)
            {
                (m[col, j], m[pivot, j]) = (m[pivot, j], m[col, j]);
            }

            (v[col], v[pivot]) = (v[pivot], v[col]);
            for (var row = col + 1; row < n; row++)
            {
                var factor = m[row, col] / m[col, col];
                for (var j = col; j < n; j++)
                {
                    m[row, j] -= factor * m[col, j];
                }

                v[row] -= factor * v[col];
            }
        }

        var x = new double[n];
        for (var row = n - 1; row >= 0; row--)
        {
            var sum = v[row];
            for (var j = row + 1; j < n; j++)
            {
                sum -= m[row, j] * x[j];
            }

            x[row] = sum / m[row, row];
        }

        return x;
    }
}
