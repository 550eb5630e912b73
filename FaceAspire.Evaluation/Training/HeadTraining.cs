using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FaceAspire.Evaluation.Datasets;
using FaceAspire.Evaluation.Metrics;
using FaceAspire.Evaluation.Tasks;
using FaceAspire.Vision.Attributes;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Evaluation.Training;

/// <summary>What one head is trained on and which feature-block sets compete for it.</summary>
/// <param name="Attribute">Rekognition attribute name.</param>
/// <param name="Dataset">Training set (train side only).</param>
/// <param name="Candidates">Feature-block sets compared by out-of-fold log loss on the train side; the best is kept.</param>
/// <param name="Contradicts">Training rows whose label contradicts another label (dropped from training, never from scoring).</param>
/// <param name="DecisionPrior">
/// Whether the calibration may assume a higher share of positive faces than the training set's (a shift of the
/// calibrated log-odds), chosen on out-of-fold scores of the train side (<see cref="HeadTraining.ChooseDecisionPrior"/>).
/// For rare attributes whose labels are noisy, where calibrating to the training share answers "no" for most faces
/// that have the attribute.
/// </param>
public sealed record HeadSpec(
    string Attribute, string Dataset, IReadOnlyList<IReadOnlyList<string>> Candidates, Func<TrainingSample, bool>? Contradicts = null, bool DecisionPrior = false);

/// <summary>Settings of one training run.</summary>
public sealed record HeadTrainingOptions
{
    public required string EvalRoot { get; init; }

    /// <summary>Where the head JSON files go.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Where extracted feature vectors are cached.</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>
    /// At most this many samples per dataset and side, half of them with a trained attribute present where there are
    /// such faces (quick runs and tests); null for all.
    /// </summary>
    public int? Limit { get; init; }

    /// <summary>Only these attributes (null: every head).</summary>
    public IReadOnlyCollection<string>? Attributes { get; init; }

    public int Folds { get; init; } = 4;

    public IReadOnlyList<double> Lambdas { get; init; } = [1e-2, 1e-1, 1];

    public int Iterations { get; init; } = 250;

    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// The eye-state model's out-of-fold scores of the EyesOpen train faces (<see cref="OutOfFoldEyeScores"/>, written
    /// by <c>train-eye-model</c>); null or a missing file: the train rows keep the shipped model's own scores.
    /// </summary>
    public string? EyeScoresFile { get; init; }
}

/// <summary>Validation figures of one trained head (rows with a found face; misses counted apart).</summary>
public sealed record HeadResult(
    string Attribute, IReadOnlyList<string> Blocks, double Lambda, int TrainRows, int DroppedAsNoisy, IReadOnlyList<MetricRow> Rows, IReadOnlyList<string> Notes);

/// <summary>
/// <c>faceaspire train-heads</c>: extracts (or reads cached) attribute features through the real engine, then per
/// head: compares candidate feature-block sets by 4-fold out-of-fold log loss on the TRAIN side (folds by identity),
/// picks the L2 penalty the same way, drops training rows whose label the out-of-fold model confidently contradicts
/// (label noise), refits, calibrates with Platt scaling on out-of-fold scores, and writes the head. Figures are
/// reported for the VALIDATION side only (and Yale as an out-of-distribution check).
/// </summary>
public static class HeadTraining
{
    /// <summary>Out-of-fold probability of its own label below which a training row counts as mislabelled.</summary>
    public const double NoiseProbability = 0.02;

    /// <summary>At most this share of a head's training rows is dropped as mislabelled.</summary>
    public const double MaxNoiseShare = 0.05;

    private static readonly string[] EyeBlocks = ["pw11.eyes", "pw13.eyes", "eyepixels"];
    private static readonly string[] BeardBlocks = ["pw11.chin", "pw11.lowerface", "pw13.chin", "pw13.lowerface"];
    private static readonly string[] MustacheBlocks = ["pw11.upperlip", "pw13.upperlip", "pw11.lowerface", "pw13.lowerface"];
    private static readonly string[] MouthBlocks = ["pw11.mouth", "pw13.mouth", "pw13.lowerface", "expression"];

    /// <summary>The heads the engine ships and how each is trained.</summary>
    public static IReadOnlyList<HeadSpec> Specs { get; } =
    [
        new(AttributeNames.Eyeglasses, TrainingSets.CelebaAlign, [["descriptor"], EyeBlocks, ["descriptor", .. EyeBlocks]], DecisionPrior: true),
        new(AttributeNames.Sunglasses, TrainingSets.CelebaAlign, [["eyepixels"], EyeBlocks, ["descriptor", .. EyeBlocks]], DecisionPrior: true),
        new(
            AttributeNames.Beard,
            TrainingSets.CelebaAlign,
            [["descriptor"], BeardBlocks, ["descriptor", "pw11.chin", "pw11.lowerface"], ["descriptor", .. BeardBlocks]],
            s => s.Male == false && s.Labels[AttributeNames.Beard],
            DecisionPrior: true),
        new(
            AttributeNames.Mustache,
            TrainingSets.CelebaAlign,
            [["descriptor"], MustacheBlocks, ["descriptor", "pw11.upperlip"], ["descriptor", .. MustacheBlocks]],
            s => s.Male == false && s.Labels[AttributeNames.Mustache],
            DecisionPrior: true),
        new(AttributeNames.Smile, TrainingSets.CelebaAlign, [["expression"], MouthBlocks, ["descriptor", .. MouthBlocks]]),
        new(AttributeNames.MouthOpen, TrainingSets.CelebaAlign, [["expression"], MouthBlocks, ["descriptor", .. MouthBlocks]]),
        // Eye evidence only, on faces from several sources (CEW/UTKFace, where each class has its own source; Yale, one
        // camera for both; CelebA, open): colour statistics (eyepixels' cheek and saturation measures) would tell the
        // source rather than the eyes. "eyemodel" is the eye-state model (CEW patches, mesh-cut Yale and CelebA eyes); its
        // train rows hold the eye model's out-of-fold scores where train-eye-model wrote them (HeadTrainingOptions.EyeScoresFile).
        new(
            AttributeNames.EyesOpen,
            TrainingSets.MixedEyes,
            [["expression"], ["eyemodel"], ["eyemodel", "expression"], ["pw11.eyes", "expression"], ["pw11.eyes", "expression", "eyemodel"], ["pw11.eyes", "pw13.eyes", "expression"]]),
    ];

    public static IReadOnlyList<HeadResult> Run(HeadTrainingOptions options, Func<FaceAnalyzer> createAnalyzer, Action<string> log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var specs = Specs.Where(s => options.Attributes is null || options.Attributes.Contains(s.Attribute)).ToList();
        var sets = new Dictionary<string, IReadOnlyList<TrainingSample>>(StringComparer.Ordinal);
        foreach (var dataset in specs.Select(s => s.Dataset).Append(TrainingSets.Yale).Distinct())
        {
            var samples = dataset switch
            {
                TrainingSets.CelebaAlign => TrainingSets.ReadCelebaAlign(options.EvalRoot),
                TrainingSets.CewFaces => TrainingSets.ReadCewFaces(options.EvalRoot),
                TrainingSets.MixedEyes => TrainingSets.ReadMixedEyes(options.EvalRoot),
                _ => TrainingSets.ReadYale(options.EvalRoot),
            };
            var trained = specs.Select(s => s.Attribute).ToList();
            samples = [.. Limit(samples.Where(s => s.Side == SplitSide.Train), trained, options.Limit), .. Limit(samples.Where(s => s.Side == SplitSide.Validation), trained, options.Limit)];
            sets[dataset] = samples;
        }

        var features = sets.ToDictionary(
            p => p.Key,
            p => FeatureCache.Load(options.CacheDirectory, p.Key, p.Value, createAnalyzer, options.Parallelism, log, cancellationToken),
            StringComparer.Ordinal);
        if (features.ContainsKey(TrainingSets.MixedEyes) && options.EyeScoresFile is { } eyeScores)
        {
            if (File.Exists(eyeScores))
            {
                var scores = OutOfFoldEyeScores.Read(eyeScores, EyeStateModel.Default.Fingerprint);
                features[TrainingSets.MixedEyes] = OutOfFoldEyeScores.Apply(sets[TrainingSets.MixedEyes], features[TrainingSets.MixedEyes], scores, out var replaced);
                log($"{TrainingSets.MixedEyes}: eyemodel block of {replaced} train rows replaced by the eye model's out-of-fold scores ({eyeScores})");
            }
            else
            {
                log($"{TrainingSets.MixedEyes}: no out-of-fold eye scores at {eyeScores}: the train rows keep the eye model's own scores (run train-eye-model first)");
            }
        }
        Directory.CreateDirectory(options.OutputDirectory);
        var results = new List<HeadResult>();
        foreach (var spec in specs)
        {
            var started = Stopwatch.GetTimestamp();
            if (Train(spec, sets[spec.Dataset], features[spec.Dataset], sets[TrainingSets.Yale], features[TrainingSets.Yale], options, log) is not { } trained)
            {
                continue;
            }

            var (head, result) = trained;
            File.WriteAllText(Path.Combine(options.OutputDirectory, spec.Attribute + ".json"), JsonSerializer.Serialize(head, AttributeHeadJsonContext.Default.AttributeHead) + "\n");
            log($"{spec.Attribute}: trained in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
            results.Add(result);
        }

        return results;
    }

    // A limited run keeps both classes: half of the quota goes to faces with a trained attribute present.
    private static IEnumerable<TrainingSample> Limit(IEnumerable<TrainingSample> samples, IReadOnlyList<string> attributes, int? limit)
    {
        if (limit is not { } n)
        {
            return samples;
        }

        var list = samples.ToList();
        var positive = list.Where(s => attributes.Any(a => s.Labels.GetValueOrDefault(a))).ToList();
        var chosen = SampleLimit.Spread(positive, n / 2);
        return [.. chosen, .. SampleLimit.Spread(list.Except(chosen), n - chosen.Count)];
    }

    private static (AttributeHead Head, HeadResult Result)? Train(
        HeadSpec spec, IReadOnlyList<TrainingSample> samples, IReadOnlyDictionary<string, float[]?> features,
        IReadOnlyList<TrainingSample> yale, IReadOnlyDictionary<string, float[]?> yaleFeatures, HeadTrainingOptions options, Action<string> log)
    {
        var train = samples.Where(s => s.Side == SplitSide.Train && s.Labels.ContainsKey(spec.Attribute) && features[s.Key] is not null).ToList();
        var labels = train.Select(s => s.Labels[spec.Attribute]).ToArray();
        var folds = train.Select(s => LinearHeadFitter.FoldOf(s.Group, options.Folds)).ToArray();
        var contradicts = train.Select(s => spec.Contradicts?.Invoke(s) ?? false).ToArray();
        var notes = new List<string>();
        if (labels.Where((_, i) => !contradicts[i]).Distinct().Count() < 2)
        {
            log($"{spec.Attribute}: skipped, the train side has faces of one class only ({train.Count} faces)");
            return null;
        }

        // 1. Feature blocks: out-of-fold log loss at the middle penalty, train side only.
        var middle = options.Lambdas[options.Lambdas.Count / 2];
        IReadOnlyList<string>? bestBlocks = null;
        var bestLoss = double.MaxValue;
        foreach (var blocks in spec.Candidates)
        {
            var rows = Select(train, features, blocks);
            var oof = OutOfFold(rows, labels, folds, contradicts, middle, options);
            var loss = CalibratedLogLoss(oof, labels);
            notes.Add(Invariant($"blocks [{string.Join(", ", blocks)}]: out-of-fold log loss {loss:0.0000}, AUC {Auc(oof, labels):0.0000} (lambda {middle:g})"));
            if (loss < bestLoss)
            {
                (bestLoss, bestBlocks) = (loss, blocks);
            }
        }

        var chosen = Select(train, features, bestBlocks!);

        // 2. Penalty, the same way.
        var bestLambda = middle;
        foreach (var lambda in options.Lambdas.Where(l => l != middle))
        {
            var loss = CalibratedLogLoss(OutOfFold(chosen, labels, folds, contradicts, lambda, options), labels);
            notes.Add(Invariant($"lambda {lambda:g}: out-of-fold log loss {loss:0.0000}"));
            if (loss < bestLoss)
            {
                (bestLoss, bestLambda) = (loss, lambda);
            }
        }

        // 3. Label noise: rows the out-of-fold model confidently contradicts leave training (at most 5 %).
        var firstPass = OutOfFold(chosen, labels, folds, contradicts, bestLambda, options);
        var firstPlatt = PlattScaling.Fit([.. firstPass.Select((s, i) => new ScoredSample(s, labels[i]))]);
        var suspicion = firstPass.Select((s, i) => (Index: i, Own: labels[i] ? firstPlatt.Probability(s) : 1 - firstPlatt.Probability(s)))
            .Where(r => r.Own < NoiseProbability && !contradicts[r.Index]).OrderBy(r => r.Own).Take((int)(MaxNoiseShare * train.Count)).Select(r => r.Index).ToHashSet();
        var dropped = contradicts.Select((c, i) => c || suspicion.Contains(i)).ToArray();
        notes.Add($"dropped from training: {contradicts.Count(c => c)} contradictory labels, {suspicion.Count} confidently contradicted by the out-of-fold model");

        // 4. Calibration on out-of-fold scores of models trained without the dropped rows; scored on every row.
        var secondPass = OutOfFold(chosen, labels, folds, dropped, bestLambda, options);
        var platt = PlattScaling.Fit([.. secondPass.Select((s, i) => new ScoredSample(s, labels[i]))]);

        // 4b. Decision prior (rare, noisy attributes): a log-odds shift chosen on the same out-of-fold scores.
        if (spec.DecisionPrior)
        {
            var (shift, table) = ChooseDecisionPrior(secondPass, labels, platt);
            platt = platt with { B = platt.B + shift };
            notes.AddRange(table);
        }

        // 5. Final model on all kept train rows.
        var keptRows = chosen.Where((_, i) => !dropped[i]).ToList();
        var (mean, scale) = LinearHeadFitter.Standardisation(keptRows);
        var (weights, bias) = LinearHeadFitter.Fit(LinearHeadFitter.Standardise(keptRows, mean, scale), [.. labels.Where((_, i) => !dropped[i])], bestLambda, options.Iterations);
        var head = new AttributeHead
        {
            Attribute = spec.Attribute,
            Blocks = bestBlocks!,
            Mean = mean,
            Scale = scale,
            Weights = weights,
            Bias = bias,
            CalibrationA = (float)platt.A,
            CalibrationB = (float)platt.B,
        };

        var rowsOut = Validate(spec, head, samples, features, yale, yaleFeatures);
        log($"{spec.Attribute}: blocks [{string.Join(", ", bestBlocks!)}], lambda {bestLambda:g}, {train.Count} train rows ({dropped.Count(d => d)} dropped)");
        foreach (var note in notes)
        {
            log($"  {note}");
        }

        foreach (var row in rowsOut)
        {
            log(Invariant($"  {row.Dataset} {row.Metric}: {row.Value:0.0000} (n {row.Samples}){(row.Target is null ? "" : " target " + row.Target)}"));
        }

        var documented = head with
        {
            Notes = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["trainedOn"] = $"{spec.Dataset}, train side of the evaluation split (by identity; by file where a folder has no identities) ({train.Count} faces, {dropped.Count(d => d)} dropped as noisy)",
                ["lambda"] = bestLambda.ToString("g", CultureInfo.InvariantCulture),
                ["selection"] = string.Join("; ", notes),
                ["validation"] = string.Join("; ", rowsOut.Select(r => Invariant($"{r.Dataset} {r.Metric} {r.Value:0.0000} (n {r.Samples})"))),
            },
        };
        return (documented, new HeadResult(spec.Attribute, bestBlocks!, bestLambda, train.Count, dropped.Count(d => d), rowsOut, notes));
    }

    /// <summary>Expected calibration error the decision-prior choice allows on out-of-fold scores (half the 0.05 target).</summary>
    public const double DecisionPriorMaxEce = 0.025;

    /// <summary>
    /// The log-odds shift of a calibration that assumes a positive share of f times the training share
    /// (f in 1, 1.5, 2, 3, 4, 6, 8, capped at one half): the one with the best out-of-fold balanced accuracy among
    /// those whose out-of-fold expected calibration error stays within <see cref="DecisionPriorMaxEce"/> (f = 1,
    /// no shift, when none does). Train side only; returns the shift and a line per candidate.
    /// </summary>
    public static (double Shift, IReadOnlyList<string> Table) ChooseDecisionPrior(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, PlattScaling platt)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(platt);
        var share = labels.Count(l => l) / (double)labels.Count;
        var table = new List<string>();
        var (bestShift, bestBalanced) = (0.0, double.MinValue);
        foreach (var factor in new[] { 1.0, 1.5, 2, 3, 4, 6, 8 })
        {
            var prior = Math.Min(share * factor, 0.5);
            var shift = Logit(prior) - Logit(share);
            var scored = scores.Select((s, i) => (1 / (1 + Math.Exp(-((platt.A * s) + platt.B + shift))), labels[i])).ToList();
            var balanced = BalancedAccuracy(scored);
            var ece = CalibrationError.ExpectedForBinary(scored);
            var allowed = ece <= DecisionPriorMaxEce;
            table.Add(Invariant($"decision prior {prior:0.000} (x{factor:g}): out-of-fold balanced accuracy {balanced:0.0000}, ECE {ece:0.0000}{(allowed ? "" : " (over the ECE limit)")}"));
            if ((allowed || factor == 1) && balanced > bestBalanced)
            {
                (bestShift, bestBalanced) = (shift, balanced);
            }
        }

        table.Add(Invariant($"decision prior chosen: log-odds shift {bestShift:0.000}"));
        return (bestShift, table);
    }

    private static double Logit(double p) => Math.Log(p / (1 - p));

    private static List<MetricRow> Validate(
        HeadSpec spec, AttributeHead head, IReadOnlyList<TrainingSample> samples, IReadOnlyDictionary<string, float[]?> features,
        IReadOnlyList<TrainingSample> yale, IReadOnlyDictionary<string, float[]?> yaleFeatures)
    {
        var rows = new List<MetricRow>();
        var validation = samples.Where(s => s.Side == SplitSide.Validation && s.Labels.ContainsKey(spec.Attribute)).ToList();
        void Score(string dataset, string suffix, IEnumerable<TrainingSample> subset, IReadOnlyDictionary<string, float[]?> vectors, string? target)
        {
            var scored = subset.Where(s => vectors[s.Key] is not null).Select(s => ((double)head.Probability(vectors[s.Key]), s.Labels[spec.Attribute])).ToList();
            if (scored.Count == 0 || scored.All(s => s.Item2) || scored.All(s => !s.Item2))
            {
                return;
            }

            rows.Add(new MetricRow(dataset, $"balanced accuracy {spec.Attribute}{suffix}", BalancedAccuracy(scored), scored.Count, target));
            rows.Add(new MetricRow(dataset, $"ECE {spec.Attribute}{suffix}", CalibrationError.ExpectedForBinary(scored), scored.Count, target is null ? null : "<= 0.05"));
            if (spec.DecisionPrior)
            {
                // Where the calibration assumes more positives than the data has, "yes" answers are where it shows.
                var yes = scored.Where(s => s.Item1 >= 0.5).ToList();
                if (yes.Count > 0)
                {
                    rows.Add(new MetricRow(dataset, $"accuracy of Value=true {spec.Attribute}{suffix}", yes.Count(s => s.Item2) / (double)yes.Count, yes.Count, null));
                    rows.Add(new MetricRow(dataset, $"mean confidence of Value=true {spec.Attribute}{suffix}", yes.Average(s => s.Item1), yes.Count, null));
                    var wrong = subset.Where(s => vectors[s.Key] is { } v && head.Probability(v) >= 0.5f && !s.Labels[spec.Attribute]).ToList();
                    if (spec.Attribute == AttributeNames.Mustache && wrong.Count > 0)
                    {
                        // CelebA often labels a full beard without its mustache: how many "wrong" yes answers are bearded faces.
                        rows.Add(new MetricRow(dataset, $"share of wrong Value=true on faces labelled Beard {spec.Attribute}{suffix}", wrong.Count(s => s.Labels.GetValueOrDefault(AttributeNames.Beard)) / (double)wrong.Count, wrong.Count, null));
                    }
                }
            }
        }

        var target = spec.Attribute switch
        {
            AttributeNames.Eyeglasses => ">= 0.97",
            AttributeNames.Sunglasses => ">= 0.90",
            AttributeNames.Beard => ">= 0.90",
            AttributeNames.Mustache => ">= 0.85",
            AttributeNames.Smile => ">= 0.90",
            AttributeNames.MouthOpen => ">= 0.88",
            _ => null,
        };
        Score(spec.Dataset, "", validation, features, target);
        if (spec.Attribute == AttributeNames.Sunglasses)
        {
            var glasses = validation.Where(s => s.Labels[AttributeNames.Eyeglasses]).ToList();
            Score(spec.Dataset, " vs clear glasses", glasses, features, ">= 0.90");
            Score(spec.Dataset, " vs no glasses", validation.Where(s => !s.Labels[AttributeNames.Eyeglasses] || s.Labels[AttributeNames.Sunglasses]), features, ">= 0.90");
        }

        if (spec.Attribute == AttributeNames.EyesOpen)
        {
            // Per source of the mixed set: each class's accuracy and the calibration there.
            foreach (var source in validation.Select(s => s.Dataset).Distinct(StringComparer.Ordinal))
            {
                var inSource = validation.Where(s => s.Dataset == source && features[s.Key] is not null).ToList();
                foreach (var (label, name) in new[] { (true, "open"), (false, "closed") })
                {
                    var scored = inSource.Where(s => s.Labels[spec.Attribute] == label).Select(s => head.Probability(features[s.Key]) >= 0.5f == label).ToList();
                    if (scored.Count > 0)
                    {
                        rows.Add(new MetricRow(source, $"accuracy {name}", scored.Count(c => c) / (double)scored.Count, scored.Count, source == TrainingSets.CelebaAlign ? null : ">= 0.95"));
                    }
                }

                var probabilities = inSource.Select(s => ((double)head.Probability(features[s.Key]), s.Labels[spec.Attribute])).ToList();
                rows.Add(new MetricRow(source, "ECE EyesOpen", CalibrationError.ExpectedForBinary(probabilities), probabilities.Count, "<= 0.05"));
            }
        }

        if (spec.Dataset != TrainingSets.MixedEyes && yale.Any(s => s.Labels.ContainsKey(spec.Attribute)))
        {
            var labelled = yale.Where(s => s.Labels.ContainsKey(spec.Attribute)).ToList();
            Score(TrainingSets.Yale, " (all subjects, never trained on)", labelled, yaleFeatures, spec.Attribute == AttributeNames.Eyeglasses ? ">= 0.80" : null);
        }

        if (spec.Attribute == AttributeNames.EyesOpen)
        {
            // Yale's winks (never trained on, every subject): EyesOpen is about both eyes, so a wink's expected answer is false.
            var answers = yale.Where(s => s.Labels.GetValueOrDefault(TrainingSets.OneEyeClosed) && yaleFeatures[s.Key] is not null)
                .Select(s => head.Probability(yaleFeatures[s.Key]) < 0.5f).ToList();
            if (answers.Count > 0)
            {
                rows.Add(new MetricRow(TrainingSets.Yale, "share answered closed of one eye closed (never trained on)", answers.Count(c => c) / (double)answers.Count, answers.Count, null));
            }
        }

        return rows;
    }

    private static double BalancedAccuracy(IReadOnlyList<(double P, bool Truth)> scored)
    {
        var positives = scored.Where(s => s.Truth).ToList();
        var negatives = scored.Where(s => !s.Truth).ToList();
        return (positives.Count(s => s.P >= 0.5) / (double)positives.Count / 2) + (negatives.Count(s => s.P < 0.5) / (double)negatives.Count / 2);
    }

    private static List<float[]> Select(IReadOnlyList<TrainingSample> samples, IReadOnlyDictionary<string, float[]?> features, IReadOnlyList<string> blocks)
    {
        var parts = blocks.Select(AttributeFeatures.Block).ToList();
        var length = parts.Sum(p => p.Length);
        return [.. samples.Select(s =>
        {
            var source = features[s.Key]!;
            var row = new float[length];
            var offset = 0;
            foreach (var part in parts)
            {
                Array.Copy(source, part.Offset, row, offset, part.Length);
                offset += part.Length;
            }

            return row;
        })];
    }

    /// <summary>Scores of every row from a model fitted on the other folds' rows that are not excluded.</summary>
    private static double[] OutOfFold(List<float[]> rows, bool[] labels, int[] folds, bool[] excluded, double lambda, HeadTrainingOptions options)
    {
        var scores = new double[rows.Count];
        Parallel.For(0, options.Folds, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism }, fold =>
        {
            var fitRows = Enumerable.Range(0, rows.Count).Where(i => folds[i] != fold && !excluded[i]).ToList();
            var held = Enumerable.Range(0, rows.Count).Where(i => folds[i] == fold).ToList();
            if (fitRows.All(i => labels[i]) || fitRows.All(i => !labels[i]))
            {
                // Too few labelled faces for this fold (tiny runs): its rows keep a neutral score.
                held.ForEach(i => scores[i] = 0);
                return;
            }

            var fitX = fitRows.Select(i => rows[i]).ToList();
            var (mean, scale) = LinearHeadFitter.Standardisation(fitX);
            var (w, b) = LinearHeadFitter.Fit(LinearHeadFitter.Standardise(fitX, mean, scale), [.. fitRows.Select(i => labels[i])], lambda, options.Iterations);
            var heldX = LinearHeadFitter.Standardise([.. held.Select(i => rows[i])], mean, scale);
            for (var k = 0; k < held.Count; k++)
            {
                scores[held[k]] = LinearHeadFitter.Score(heldX[k], w, b);
            }
        });
        return scores;
    }

    private static double CalibratedLogLoss(double[] scores, bool[] labels)
    {
        var platt = PlattScaling.Fit([.. scores.Select((s, i) => new ScoredSample(s, labels[i]))]);
        var loss = 0.0;
        for (var i = 0; i < scores.Length; i++)
        {
            var p = Math.Clamp(platt.Probability(scores[i]), 1e-12, 1 - 1e-12);
            loss -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
        }

        return loss / scores.Length;
    }

    private static double Auc(double[] scores, bool[] labels) => RocMetrics.AreaUnderCurve([.. scores.Select((s, i) => new ScoredSample(s, labels[i]))]);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
