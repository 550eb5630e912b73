namespace FaceAspire.Evaluation.Metrics;

/// <summary>
/// Logistic calibration p = 1 / (1 + exp(-(A * score + B))), fitted by Newton's method on the log-loss with
/// Platt's smoothed targets ((n+ + 1) / (n+ + 2) for positives, 1 / (n- + 2) for negatives), which keeps the
/// fit finite when the training scores separate the classes perfectly.
/// </summary>
public sealed record PlattScaling(double A, double B)
{
    /// <summary>Calibrated probability of the positive class for <paramref name="score"/>.</summary>
    public double Probability(double score) => Sigmoid((A * score) + B);

    /// <summary>Fits A and B on <paramref name="samples"/> (needs both classes).</summary>
    public static PlattScaling Fit(IReadOnlyList<ScoredSample> samples, int maxIterations = 100)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var positives = samples.Count(s => s.IsPositive);
        var negatives = samples.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException("Platt scaling needs both positive and negative samples.", nameof(samples));
        }

        var hiTarget = (positives + 1.0) / (positives + 2.0);
        var loTarget = 1.0 / (negatives + 2.0);
        double a = 0, b = Math.Log((positives + 1.0) / (negatives + 1.0));
        var loss = Loss(samples, a, b, hiTarget, loTarget);
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            // Gradient and Hessian of the mean log-loss in (a, b); a tiny ridge keeps the Hessian invertible.
            double ga = 0, gb = 0, haa = 1e-12, hab = 0, hbb = 1e-12;
            foreach (var s in samples)
            {
                var p = Sigmoid((a * s.Score) + b);
                var t = s.IsPositive ? hiTarget : loTarget;
                var w = p * (1 - p);
                ga += (p - t) * s.Score;
                gb += p - t;
                haa += w * s.Score * s.Score;
                hab += w * s.Score;
                hbb += w;
            }

            var det = (haa * hbb) - (hab * hab);
            var da = ((hbb * ga) - (hab * gb)) / det;
            var db = ((haa * gb) - (hab * ga)) / det;

            // Backtracking: halve the Newton step until the loss does not rise.
            var step = 1.0;
            double na = a, nb = b, newLoss = loss;
            while (step > 1e-10)
            {
                na = a - (step * da);
                nb = b - (step * db);
                newLoss = Loss(samples, na, nb, hiTarget, loTarget);
                if (newLoss <= loss + 1e-12)
                {
                    break;
                }

                step /= 2;
            }

            var converged = Math.Abs(na - a) < 1e-10 && Math.Abs(nb - b) < 1e-10;
            (a, b, loss) = (na, nb, newLoss);
            if (converged || step <= 1e-10)
            {
                break;
            }
        }

        return new PlattScaling(a, b);
    }

    private static double Loss(IReadOnlyList<ScoredSample> samples, double a, double b, double hiTarget, double loTarget)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            var z = (a * s.Score) + b;
            var t = s.IsPositive ? hiTarget : loTarget;

            // log(1 + e^z) computed without overflow; loss = log(1 + e^z) - t * z.
            var softplus = z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));
            sum += softplus - (t * z);
        }

        return sum;
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
