using System.Diagnostics;
using System.Globalization;
using FaceAspire.Evaluation.Datasets;
using FaceAspire.Evaluation.Engines;
using FaceAspire.Evaluation.Metrics;
using FaceAspire.Vision.Calibration;

namespace FaceAspire.Evaluation.Tasks;

/// <summary>
/// 1:1 verification on <c>celeba_wild_299ids</c> and <c>deepface_pairs</c>: the score of a pair is the cosine
/// similarity of the largest face's embedding in each photo. The listed pairs' accuracy threshold is chosen on the
/// train side's pairs and applied to the validation side's pairs; AUC is over the validation pairs. Over ALL pairs of
/// validation photos (the listed pairs have too few negatives): 10-fold accuracy on balanced pairs
/// (<see cref="TenFoldAccuracy"/>, the LFW protocol), TAR at FAR=1e-3, AUC and equal error rate.
/// A photo where no face is found scores -1 in every pair (the lowest cosine), so it can only be rejected.
/// For the FaceAspire engine it also reports accuracy at the shipped similarity calibration's threshold
/// (similarity 80) and refits that calibration on all pairs of the train side's photos, so the shipped
/// constants can be checked against the embedder they are meant for.
/// </summary>
public static class VerificationTask
{
    public const string Name = "verification";

    public static TaskReport Run(IFaceEngine engine, string evalRoot, int? limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var started = Stopwatch.GetTimestamp();
        var clock = new EngineClock(engine);
        var embeddings = new Dictionary<string, float[]?>(StringComparer.Ordinal);
        var rows = new List<MetricRow>();
        var notes = new List<string>();
        var shipped = engine is FaceAspireEngine ? FittedCalibration.Similarity : null;
        Score(VerificationSets.CelebaWild, VerificationSets.ReadCelebaWild(evalRoot), VerificationSets.ReadCelebaWildImages(evalRoot), new(">= 0.97", ">= 0.90", null), shipped is not null);
        Score(VerificationSets.Deepface, VerificationSets.ReadDeepface(evalRoot), VerificationSets.ReadDeepfaceImages(evalRoot), new(null, null, "1.000"), false);
        notes.Add($"{embeddings.Count(e => e.Value is null)} of {embeddings.Count} photos had no face found.");
        return new TaskReport(Name, engine.Name, rows, embeddings.Count, Stopwatch.GetElapsedTime(started).TotalSeconds, clock.MillisecondsPerCall, notes);

        void Score(string dataset, IReadOnlyList<VerificationPair> pairs, IReadOnlyList<IdentityImage> images, Targets targets, bool refit)
        {
            var train = SampleLimit.Spread(pairs.Where(p => p.Side == SplitSide.Train), limit).Select(ScorePair).ToList();
            var validationPairs = SampleLimit.Spread(pairs.Where(p => p.Side == SplitSide.Validation), limit);
            var validation = validationPairs.Select(ScorePair).ToList();
            var noFace = validationPairs.Count(p => Embed(p.ImageA) is null || Embed(p.ImageB) is null);
            var threshold = ThresholdSelection.BestAccuracyThreshold(train);
            rows.Add(new MetricRow(dataset, "accuracy", ThresholdSelection.AccuracyAt(validation, threshold), validation.Count, targets.ListedPairs, noFace));
            rows.Add(new MetricRow(dataset, "ROC AUC", RocMetrics.AreaUnderCurve(validation), validation.Count, NoFace: noFace));
            if (shipped is not null)
            {
                rows.Add(new MetricRow(
                    dataset, "accuracy at similarity 80 (shipped calibration)", ThresholdSelection.AccuracyAt(validation, shipped.ThresholdCosine), validation.Count, NoFace: noFace));
            }

            var photos = SampleLimit.Spread(images.Where(i => i.Side == SplitSide.Validation), limit);
            var allPairs = AllPairs(photos);
            var tar = RocMetrics.TrueAcceptRateAt(allPairs, 1e-3);
            var equalError = RocMetrics.EqualErrorRate(allPairs);
            var faceless = photos.Count(p => Embed(p.ImagePath) is null);
            var pairsNoFace = (faceless * (photos.Count - faceless)) + (faceless * (faceless - 1) / 2);
            var balanced = TenFoldAccuracy.BalancedDraw(allPairs);
            rows.Add(new MetricRow(
                dataset + " all pairs", "10-fold accuracy, balanced pairs", TenFoldAccuracy.Measure(balanced), balanced.Count, targets.TenFold,
                BalancedNoFace(balanced)));
            rows.Add(new MetricRow(dataset + " all pairs", "TAR@FAR=1e-3", tar.Tar, allPairs.Count, targets.Tar, pairsNoFace));
            rows.Add(new MetricRow(dataset + " all pairs", "ROC AUC", RocMetrics.AreaUnderCurve(allPairs), allPairs.Count, NoFace: pairsNoFace));
            rows.Add(new MetricRow(dataset + " all pairs", "equal error rate", equalError.Rate, allPairs.Count, NoFace: pairsNoFace));
            if (refit)
            {
                var trainPhotos = SampleLimit.Spread(images.Where(i => i.Side == SplitSide.Train), limit);
                var fit = SimilarityCalibrationFit.Fit(AllPairs(trainPhotos));
                notes.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{dataset}: similarity calibration refitted on all {fit.Positives} same / {fit.Negatives} different pairs of {trainPhotos.Count} train photos: equal-error cosine {fit.ThresholdCosine:0.###} (FRR {fit.FalseRejectRate:0.###}, FAR {fit.FalseAcceptRate:0.###}), slope {fit.Slope:0.#}; shipped: cosine {shipped!.ThresholdCosine:0.###}, slope {shipped.Slope:0.#}."));
            }

            notes.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{dataset}: threshold {threshold:0.####} (cosine) chosen on {train.Count} train pairs; TAR@FAR=1e-3 over {tar.Positives} same / {tar.Negatives} different pairs of {photos.Count} validation photos (achieved FAR {tar.AchievedFar:0.####})."));
        }

        // A pair scores exactly -1 only when a photo had no face (a cosine of two unit descriptors is never -1 in practice).
        static int BalancedNoFace(IReadOnlyList<ScoredSample> samples) => samples.Count(s => s.Score <= -1);

        ScoredSample ScorePair(VerificationPair pair) => new(Cosine(Embed(pair.ImageA), Embed(pair.ImageB)), pair.Same);

        List<ScoredSample> AllPairs(IReadOnlyList<IdentityImage> photos)
        {
            var all = new List<ScoredSample>();
            for (var a = 0; a < photos.Count; a++)
            {
                for (var b = a + 1; b < photos.Count; b++)
                {
                    all.Add(new ScoredSample(Cosine(Embed(photos[a].ImagePath), Embed(photos[b].ImagePath)), photos[a].Identity == photos[b].Identity));
                }
            }

            return all;
        }

        float[]? Embed(string path)
        {
            if (!embeddings.TryGetValue(path, out var embedding))
            {
                var faces = clock.Analyze(EvalImages.Load(path), EngineOutputs.Embedding, cancellationToken);
                embedding = EngineClock.Largest(faces)?.Embedding;
                embeddings[path] = embedding;
            }

            return embedding;
        }
    }

    /// <summary>Cosine similarity of two L2-normalised vectors; -1 when either is missing.</summary>
    public static double Cosine(float[]? a, float[]? b)
    {
        if (a is null || b is null || a.Length != b.Length)
        {
            return -1;
        }

        double dot = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
        }

        return dot;
    }

    /// <summary>Targets of one dataset: 10-fold accuracy on balanced pairs, TAR at FAR 1e-3, accuracy on the listed pairs.</summary>
    private sealed record Targets(string? TenFold, string? Tar, string? ListedPairs);
}
