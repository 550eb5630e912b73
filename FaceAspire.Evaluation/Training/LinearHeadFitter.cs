using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text;

namespace FaceAspire.Evaluation.Training;

/// <summary>
/// L2-regularised logistic regression on standardised features, fitted by Nesterov-accelerated gradient descent
/// with the step 1/L from a power-iteration bound on the loss's curvature. Positives and negatives are weighted to
/// equal total weight (CelebA's attributes are rare), which sets the direction of the score; the probability
/// scale comes afterwards from Platt calibration on out-of-fold scores. Deterministic: no random numbers.
/// </summary>
public static class LinearHeadFitter
{
    /// <summary>Per-column mean and standard deviation (1 where a column is constant).</summary>
    public static (float[] Mean, float[] Scale) Standardisation(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var d = rows[0].Length;
        var mean = new double[d];
        var squares = new double[d];
        foreach (var row in rows)
        {
            for (var j = 0; j < d; j++)
            {
                mean[j] += row[j];
                squares[j] += (double)row[j] * row[j];
            }
        }

        var (m, s) = (new float[d], new float[d]);
        for (var j = 0; j < d; j++)
        {
            var mu = mean[j] / rows.Count;
            var sd = Math.Sqrt(Math.Max((squares[j] / rows.Count) - (mu * mu), 0));
            m[j] = (float)mu;
            s[j] = sd > 1e-6 ? (float)sd : 1f;
        }

        return (m, s);
    }

    /// <summary>Rows standardised with <paramref name="mean"/> and <paramref name="scale"/>.</summary>
    public static float[][] Standardise(IReadOnlyList<float[]> rows, float[] mean, float[] scale)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return [.. rows.Select(r =>
        {
            var z = new float[r.Length];
            TensorPrimitives.Subtract(r, mean, z);
            TensorPrimitives.Divide(z, scale, z);
            return z;
        })];
    }

    /// <summary>
    /// Fits weights and bias on standardised <paramref name="x"/>; <paramref name="lambda"/> is the L2 penalty on the
    /// weights; <paramref name="weights"/> (optional) weighs samples within their class (<see cref="ClassBalanced"/>).
    /// </summary>
    public static (float[] Weights, float Bias) Fit(IReadOnlyList<float[]> x, IReadOnlyList<bool> y, double lambda, int iterations = 250, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var n = x.Count;
        var d = x[0].Length;
        var positives = y.Count(v => v);
        if (positives == 0 || positives == n)
        {
            throw new ArgumentException("Need both classes to fit a head.", nameof(y));
        }

        var sampleWeight = ClassBalanced(y, weights);
        var step = 1.0 / ((0.25 * LargestEigenvalue(x, sampleWeight)) + lambda);

        var w = new float[d];
        var b = 0.0;
        var wPrev = new float[d];
        var bPrev = 0.0;
        var look = new float[d];
        var gradient = new float[d];
        var residual = new float[n];
        for (var t = 1; t <= iterations; t++)
        {
            // Nesterov look-ahead point.
            var momentum = (t - 1.0) / (t + 2.0);
            for (var j = 0; j < d; j++)
            {
                look[j] = w[j] + (float)(momentum * (w[j] - wPrev[j]));
            }

            var lookB = b + (momentum * (b - bPrev));
            double gradientB = 0;
            for (var i = 0; i < n; i++)
            {
                var p = Sigmoid(TensorPrimitives.Dot(look, x[i]) + lookB);
                residual[i] = (float)(sampleWeight[i] * (p - (y[i] ? 1 : 0)));
                gradientB += residual[i];
            }

            Array.Clear(gradient);
            for (var i = 0; i < n; i++)
            {
                TensorPrimitives.MultiplyAdd(x[i], residual[i], gradient, gradient);
            }

            Array.Copy(w, wPrev, d);
            bPrev = b;
            for (var j = 0; j < d; j++)
            {
                w[j] = (float)(look[j] - (step * (gradient[j] + (lambda * look[j]))));
            }

            b = lookB - (step * gradientB);
        }

        return (w, (float)b);
    }

    /// <summary>
    /// Sample weights that sum to 1 with each class carrying half: <paramref name="weights"/> (all 1 when null)
    /// divided by their class's total, halved.
    /// </summary>
    public static double[] ClassBalanced(IReadOnlyList<bool> y, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (weights is not null && (weights.Count != y.Count || weights.Any(w => !(w > 0))))
        {
            throw new ArgumentException("Need one positive weight per sample.", nameof(weights));
        }

        var (positive, negative) = (0.0, 0.0);
        for (var i = 0; i < y.Count; i++)
        {
            var w = weights?[i] ?? 1;
            (positive, negative) = y[i] ? (positive + w, negative) : (positive, negative + w);
        }

        return [.. y.Select((v, i) => (weights?[i] ?? 1) * 0.5 / (v ? positive : negative))];
    }

    /// <summary>Scores (before calibration) of standardised rows.</summary>
    public static double Score(float[] row, float[] weights, float bias) => TensorPrimitives.Dot(row, weights) + bias;

    /// <summary>Fold 0..folds-1 of a group, from a SHA-256 of the group so every run folds the same way.</summary>
    public static int FoldOf(string group, int folds)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("faceaspire-head-folds-v1:" + group), hash);
        return (int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)folds);
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    // Largest eigenvalue of X^T diag(weights) X, by power iteration (an upper bound within a few per cent).
    private static double LargestEigenvalue(IReadOnlyList<float[]> x, double[] weights)
    {
        var d = x[0].Length;
        var v = new float[d];
        Array.Fill(v, 1f / MathF.Sqrt(d));
        var next = new float[d];
        double eigenvalue = 0;
        for (var iteration = 0; iteration < 20; iteration++)
        {
            Array.Clear(next);
            for (var i = 0; i < x.Count; i++)
            {
                TensorPrimitives.MultiplyAdd(x[i], (float)(weights[i] * TensorPrimitives.Dot(x[i], v)), next, next);
            }

            eigenvalue = TensorPrimitives.Norm(next);
            if (eigenvalue <= 0)
            {
                return 1;
            }

            TensorPrimitives.Divide(next, (float)eigenvalue, v);
        }

        // The bias column (all ones, total weight 1) adds at most 1.
        return (eigenvalue * 1.05) + 1;
    }
}
