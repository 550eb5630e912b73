using System.Numerics.Tensors;

namespace FaceAspire.Evaluation.Training;

/// <summary>
/// A one-hidden-layer perceptron (ReLU units, one logistic output) fitted by mini-batch Adam with L2 weight decay
/// and a cosine learning-rate schedule, on standardised features. Positives and negatives carry equal total weight,
/// as in <see cref="LinearHeadFitter"/> (optionally on top of per-sample weights). Deterministic: the initial weights and the batch order come from a seeded
/// generator and the fit runs on one thread.
/// </summary>
public static class PerceptronFitter
{
    /// <summary>Fitted coefficients: <c>HiddenWeights</c> is row-major, unit by feature.</summary>
    public sealed record Perceptron(float[] HiddenWeights, float[] HiddenBias, float[] Weights, float Bias)
    {
        /// <summary>The output log-odds of one standardised row.</summary>
        public double Score(float[] row)
        {
            ArgumentNullException.ThrowIfNull(row);
            double z = Bias;
            for (var k = 0; k < HiddenBias.Length; k++)
            {
                z += Weights[k] * Math.Max(HiddenBias[k] + TensorPrimitives.Dot(row, HiddenWeights.AsSpan(k * row.Length, row.Length)), 0f);
            }

            return z;
        }
    }

    public static Perceptron Fit(
        IReadOnlyList<float[]> x,
        IReadOnlyList<bool> y,
        int hidden,
        double weightDecay,
        int epochs,
        int seed = 1,
        double learningRate = 2e-3,
        int batch = 64,
        IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var n = x.Count;
        var d = x[0].Length;
        var positives = y.Count(v => v);
        if (positives == 0 || positives == n)
        {
            throw new ArgumentException("Need both classes to fit a perceptron.", nameof(y));
        }

        var sampleWeight = LinearHeadFitter.ClassBalanced(y, weights).Select(w => (float)(w * n)).ToArray();
        var random = new Random(seed);
        var w1 = new float[hidden * d];
        for (var i = 0; i < w1.Length; i++)
        {
            w1[i] = (float)(Gaussian(random) * Math.Sqrt(2.0 / d));
        }

        var b1 = new float[hidden];
        var w2 = new float[hidden];
        for (var k = 0; k < hidden; k++)
        {
            w2[k] = (float)(Gaussian(random) * Math.Sqrt(1.0 / hidden));
        }

        var b2 = 0f;
        var parameters = new[] { w1, b1, w2 };
        var gradients = parameters.Select(p => new float[p.Length]).ToArray();
        var first = parameters.Select(p => new float[p.Length]).ToArray();
        var second = parameters.Select(p => new float[p.Length]).ToArray();
        var (gb2, mb2, vb2) = (0.0, 0.0, 0.0);
        var pre = new float[hidden];
        var order = Enumerable.Range(0, n).ToArray();
        var steps = epochs * ((n + batch - 1) / batch);
        var t = 0;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            for (var start = 0; start < n; start += batch)
            {
                var end = Math.Min(start + batch, n);
                foreach (var g in gradients)
                {
                    Array.Clear(g);
                }

                gb2 = 0;
                for (var o = start; o < end; o++)
                {
                    var i = order[o];
                    var row = x[i];
                    double z = b2;
                    for (var k = 0; k < hidden; k++)
                    {
                        pre[k] = b1[k] + TensorPrimitives.Dot(row, w1.AsSpan(k * d, d));
                        z += w2[k] * Math.Max(pre[k], 0f);
                    }

                    var p = z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
                    var g = (float)(sampleWeight[i] * (p - (y[i] ? 1 : 0)) / (end - start));
                    gb2 += g;
                    for (var k = 0; k < hidden; k++)
                    {
                        if (pre[k] <= 0)
                        {
                            continue;
                        }

                        gradients[2][k] += g * pre[k];
                        var back = g * w2[k];
                        gradients[1][k] += back;
                        var slice = gradients[0].AsSpan(k * d, d);
                        TensorPrimitives.MultiplyAdd(row, back, slice, slice);
                    }
                }

                t++;
                var rate = learningRate * 0.5 * (1 + Math.Cos(Math.PI * (t - 1) / steps));
                var (c1, c2) = (1 - Math.Pow(0.9, t), 1 - Math.Pow(0.999, t));
                for (var a = 0; a < parameters.Length; a++)
                {
                    var (param, grad, m, v) = (parameters[a], gradients[a], first[a], second[a]);
                    var decay = a == 1 ? 0 : (float)weightDecay;
                    for (var j = 0; j < param.Length; j++)
                    {
                        var gj = grad[j] + (decay * param[j]);
                        m[j] = (0.9f * m[j]) + (0.1f * gj);
                        v[j] = (0.999f * v[j]) + (0.001f * gj * gj);
                        param[j] -= (float)(rate * (m[j] / c1) / (Math.Sqrt(v[j] / c2) + 1e-8));
                    }
                }

                mb2 = (0.9 * mb2) + (0.1 * gb2);
                vb2 = (0.999 * vb2) + (0.001 * gb2 * gb2);
                b2 -= (float)(rate * (mb2 / c1) / (Math.Sqrt(vb2 / c2) + 1e-8));
            }
        }

        return new Perceptron(w1, b1, w2, b2);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
