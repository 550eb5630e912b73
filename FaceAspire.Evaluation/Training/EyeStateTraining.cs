using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using FaceAspire.Evaluation.Datasets;
using FaceAspire.Evaluation.Metrics;
using FaceAspire.Evaluation.Tasks;
using FaceAspire.Vision.Attributes;
using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Landmarks;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Evaluation.Training;

/// <summary>
/// One eye patch: 24x24 luma (0-1), its state and the face it was cut from. <c>Group</c> is the split and fold key.
/// CEW patches (<c>Source</c> <c>cew_eye_patches</c>): the face (<c>cew:images/NAME.jpg</c> for closed eyes, the key
/// <c>cew_closed_faces</c> uses for the same face, so no validation face's eyes are trained on;
/// <c>cew_eye_patches:NAME</c> for the LFW open eyes). Eyes cut with the mesh from a face of another set
/// (<c>Source</c> the set's name): the face's group there (CelebA identity, Yale subject).
/// </summary>
public sealed record EyePatch(string Path, bool Open, string Side, string Group, SplitSide Split, float[] Pixels, string Source = EyeStateTraining.PatchFolder);

/// <summary>Settings of one eye-model training run.</summary>
public sealed record EyeStateTrainingOptions
{
    public required string EvalRoot { get; init; }

    /// <summary>Where the model JSON goes.</summary>
    public required string OutputFile { get; init; }

    /// <summary>At most this many patches per side and class, and faces per class for the crop choice (quick runs); null for all.</summary>
    public int? Limit { get; init; }

    public int Folds { get; init; } = 4;

    public IReadOnlyList<double> Lambdas { get; init; } = [1e-3, 1e-2, 1e-1];

    public int Iterations { get; init; } = 300;

    /// <summary>Hidden-unit counts of the perceptron candidates (none: logistic models only).</summary>
    public IReadOnlyList<int> HiddenUnits { get; init; } = [16, 32, 64];

    /// <summary>L2 weight decay of the perceptron candidates.</summary>
    public double WeightDecay { get; init; } = 1e-3;

    /// <summary>Passes over the training copies per perceptron fit.</summary>
    public int Epochs { get; init; } = 30;

    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Crop sides (eye widths) compared on the train side of <c>cew_closed_faces</c>.</summary>
    public IReadOnlyList<float> CropScales { get; init; } = [1.55f];

    /// <summary>
    /// Crop centre shifts (eye widths, negative: towards the brow) compared the same way. The default framing is the
    /// one the run on CEW patches alone chose (1.55 eye widths, no shift, out of 1.3-1.85 and -0.1/0/+0.1): the CEW
    /// patches' framing is fixed by the data, and the mesh-cut eyes are cut at the first side and shift listed.
    /// </summary>
    public IReadOnlyList<float> CropShifts { get; init; } = [0f];

    /// <summary>
    /// Face sets whose eyes are cut with the mesh (the run-time crop) and trained on beside the CEW patches:
    /// <c>yalefaces</c> (open; "sleepy" closed; winks left out) and <c>celeba_align_attr</c> (taken as open), the faces
    /// and split of <see cref="TrainingSets.ReadMixedEyes"/>. Empty: CEW patches only.
    /// </summary>
    public IReadOnlyList<string> MeshSources { get; init; } = [TrainingSets.Yale, TrainingSets.CelebaAlign];

    /// <summary>
    /// Where the out-of-fold eye scores of the EyesOpen head's train faces go (<see cref="OutOfFoldEyeScores"/>;
    /// <c>train-heads</c> reads them); null: not written.
    /// </summary>
    public string? OutOfFoldFile { get; init; }
}

/// <summary>Training copies of each eye patch.</summary>
public enum Augment
{
    /// <summary>The patch only.</summary>
    None,

    /// <summary>The patch and its left-right mirror.</summary>
    Mirror,

    /// <summary>The patch, its mirror, and both moved one pixel left, right, up and down.</summary>
    MirrorShift,
}

/// <summary>
/// One eye-model candidate: features, training copies, L2 penalty (weight decay for a perceptron), hidden units
/// (0: logistic) and whether every source carries the same total weight in the fit (otherwise every patch counts once).
/// </summary>
public sealed record EyeCandidate(IReadOnlyList<string> Features, Augment Augment, double Lambda, int Hidden, bool SourcesEqual = true)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{(Hidden > 0 ? $"perceptron ({Hidden} hidden units, weight decay {Lambda:g})" : $"logistic (lambda {Lambda:g})")} on [{string.Join(", ", Features)}], copies {Augment}, {(SourcesEqual ? "sources weighted equally" : "patches weighted equally")}");
}

/// <summary>Figures of one eye-model training run.</summary>
public sealed record EyeStateResult(EyeStateModel Model, IReadOnlyList<MetricRow> Rows, IReadOnlyList<string> Notes);

/// <summary>
/// <c>faceaspire train-eye-model</c>: trains <see cref="EyeStateModel"/> on the TRAIN side of <c>cew_eye_patches</c>
/// (split by source face with the evaluation's key) and of the eyes cut with the real engine's mesh from the faces of
/// <see cref="EyeStateTrainingOptions.MeshSources"/> (split by identity or subject), choosing feature kinds, copies,
/// the L2 penalty and the source weighting by 4-fold out-of-fold log loss (folds by face group) averaged over the
/// sources, each source's loss averaged over its classes; then the run-time crop framing (side, vertical shift in
/// eye widths, mirror averaging) by the log loss of the two eyes' mean score on the TRAIN side of
/// <c>cew_closed_faces</c>. Reports validation-side patch accuracy per source and class. Deterministic.
/// </summary>
public static class EyeStateTraining
{
    public const string PatchFolder = "cew_eye_patches";

    private static readonly IReadOnlyList<IReadOnlyList<string>> FeatureCandidates = [["pixels"], ["hog"], ["pixels", "hog"]];

    /// <summary>Every patch with its split side (closed: the side of its face in <c>cew_closed_faces</c>).</summary>
    public static IReadOnlyList<EyePatch> ReadPatches(string evalRoot, int? limit = null)
    {
        var dir = Path.Combine(evalRoot, PatchFolder);
        var table = CsvTable.Load(Path.Combine(dir, "labels.csv"));
        var (path, state, side, face) = (table.Column("path"), table.Column("eye_state"), table.Column("side"), table.Column("source_face"));
        var rows = table.Rows.Select(r =>
        {
            var open = r[state] switch
            {
                "open" => true,
                "closed" => false,
                var other => throw new InvalidDataException($"{table.Source}: unknown eye state '{other}'."),
            };

            // Closed patches come from the CEW faces of cew_closed_faces: the same key as EyeStateSets.ReadCewFaces.
            var group = open ? "cew_eye_patches:" + r[face] : "cew:images/" + r[face] + ".jpg";
            return (Path: Path.Combine(dir, r[path]), Open: open, Side: r[side], Group: group, Split: DatasetSplit.SideOf(group));
        }).ToList();
        if (limit is { } n)
        {
            rows = [.. rows.GroupBy(r => (r.Open, r.Split)).SelectMany(g => SampleLimit.Spread(g.ToList(), n))];
        }

        return [.. rows.Select(r => new EyePatch(r.Path, r.Open, r.Side, r.Group, r.Split, LoadPatch(r.Path)))];
    }

    /// <summary>A 24x24 patch file as luma 0-1, row-major.</summary>
    public static float[] LoadPatch(string path)
    {
        var image = ImageDecoder.Decode(File.ReadAllBytes(path));
        if (image.Width != EyeStateModel.Size || image.Height != EyeStateModel.Size)
        {
            throw new InvalidDataException($"{path}: an eye patch must be {EyeStateModel.Size}x{EyeStateModel.Size}, not {image.Width}x{image.Height}.");
        }

        var patch = new float[EyeStateModel.Size * EyeStateModel.Size];
        ImageSampler.SampleGray(image, AffineTransform.Identity, EyeStateModel.Size, EyeStateModel.Size, patch, (0.299f, 0.587f, 0.114f), 1f / 255f, 0f);
        return patch;
    }

    /// <summary>The patch left-right mirrored.</summary>
    public static float[] Mirror(float[] patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var result = new float[patch.Length];
        EyeStateModel.Mirror(patch, result);
        return result;
    }

    public static EyeStateResult Run(EyeStateTrainingOptions options, Func<FaceAnalyzer> createAnalyzer, Action<string> log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(createAnalyzer);
        ArgumentNullException.ThrowIfNull(log);
        IReadOnlyList<EyePatch> patches = [.. ReadPatches(options.EvalRoot, options.Limit), .. CutMeshEyes(options, createAnalyzer, log, cancellationToken)];
        var train = patches.Where(p => p.Split == SplitSide.Train).ToList();
        var validation = patches.Where(p => p.Split == SplitSide.Validation).ToList();
        var sources = patches.Select(p => p.Source).Distinct().ToList();
        foreach (var source in sources)
        {
            var (t, v) = (train.Where(p => p.Source == source).ToList(), validation.Where(p => p.Source == source).ToList());
            log(Invariant($"{source}: {t.Count} train patches ({t.Count(p => p.Open)} open), {v.Count} validation patches ({v.Count(p => p.Open)} open)"));
        }

        var notes = new List<string>();
        var best = (Candidate: new EyeCandidate(FeatureCandidates[0], Augment.None, options.Lambdas[options.Lambdas.Count / 2], 0), Loss: double.MaxValue);
        void Try(EyeCandidate candidate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (loss, accuracy, bySource) = OutOfFold(train, candidate, options);
            notes.Add(Invariant($"{candidate}: out-of-fold log loss {loss:0.0000} ({bySource}), accuracy {accuracy:0.0000}"));
            log("  " + notes[^1]);
            if (loss < best.Loss)
            {
                best = (candidate, loss);
            }
        }

        // 1. Logistic models: feature kinds and mirrored copies at the middle penalty, then the penalty, then shifted
        //    copies; 2. perceptrons on the best logistic model's features and copies. Train side only, folds by face.
        var middle = options.Lambdas[options.Lambdas.Count / 2];
        foreach (var kinds in FeatureCandidates)
        {
            Try(new EyeCandidate(kinds, Augment.None, middle, 0));
            Try(new EyeCandidate(kinds, Augment.Mirror, middle, 0));
        }

        foreach (var lambda in options.Lambdas.Where(l => l != middle))
        {
            Try(best.Candidate with { Lambda = lambda });
        }

        Try(best.Candidate with { Augment = Augment.MirrorShift });
        var logistic = best.Candidate;
        foreach (var hidden in options.HiddenUnits)
        {
            Try(logistic with { Hidden = hidden, Lambda = options.WeightDecay, Augment = Augment.Mirror });
        }

        if (best.Candidate.Hidden > 0)
        {
            Try(best.Candidate with { Augment = Augment.MirrorShift });
        }

        if (sources.Count > 1)
        {
            Try(best.Candidate with { SourcesEqual = false });
        }

        // 2. Final fit on every train patch.
        var chosen = best.Candidate;
        notes.Add($"chosen: {chosen}");
        log("  " + notes[^1]);
        var model = Fit(train, chosen, options);

        // 4. Crop framing on the train side of cew_closed_faces, through the engine's mesh.
        var (cropScale, cropShift, mirrorAverage, framing) = ChooseFraming(model, options, createAnalyzer, log, cancellationToken);
        notes.AddRange(framing);
        model = model with { CropScale = cropScale, CropShift = cropShift, MirrorAverage = mirrorAverage };

        // 5. Out-of-fold eye scores of the EyesOpen head's train faces, for its training (stacking): each face scored by
        //    the chosen model fitted without its fold (the head's folds: the same hash of the same group).
        if (options.OutOfFoldFile is { } outOfFoldFile)
        {
            var foldModels = Enumerable.Range(0, options.Folds)
                .Select(k => Fit([.. train.Where(p => LinearHeadFitter.FoldOf(p.Group, options.Folds) != k)], chosen, options) with
                {
                    CropScale = cropScale,
                    CropShift = cropShift,
                    MirrorAverage = mirrorAverage,
                })
                .ToList();
            var headFaces = Limited(TrainingSets.ReadMixedEyes(options.EvalRoot).Where(s => s.Side == SplitSide.Train), options.Limit);
            var scores = new Dictionary<string, (float Mean, float Min)>(StringComparer.Ordinal);
            foreach (var (face, left, right) in CutEyes(headFaces, cropScale, cropShift, options, createAnalyzer, cancellationToken))
            {
                var foldModel = foldModels[LinearHeadFitter.FoldOf(face.Group, options.Folds)];
                var (l, r) = (foldModel.EyeScore(left), foldModel.EyeScore(right));
                scores[face.Key] = ((l + r) / 2, MathF.Min(l, r));
            }

            OutOfFoldEyeScores.Write(outOfFoldFile, model.Fingerprint, scores);
            notes.Add(Invariant($"out-of-fold eye scores of {scores.Count} of {headFaces.Count} train-side {TrainingSets.MixedEyes} faces written for the EyesOpen head's training"));
            log("  " + notes[^1]);
        }

        // 3. Validation patches: accuracy per source and class at score 0, mirror-averaged when the run-time crop is (the classes were weighted equally in the fit).
        var metricRows = new List<MetricRow>();
        foreach (var source in sources)
        {
            foreach (var (open, name) in new[] { (true, "open"), (false, "closed") })
            {
                var subset = validation.Where(p => p.Source == source && p.Open == open).ToList();
                if (subset.Count > 0)
                {
                    var right = subset.Count(p => model.EyeScore(p.Pixels) > 0 == open);
                    metricRows.Add(new MetricRow(source, $"patch accuracy {name}", right / (double)subset.Count, subset.Count, ">= 0.95"));
                }
            }
        }

        foreach (var row in metricRows)
        {
            log(Invariant($"  {row.Dataset} {row.Metric}: {row.Value:0.0000} (n {row.Samples}) target {row.Target}"));
        }

        // For comparison only: the model this build embeds, on the same validation patches (each cut at the framing above).
        foreach (var row in metricRows)
        {
            var subset = validation.Where(p => p.Source == row.Dataset && p.Open == row.Metric.EndsWith("open", StringComparison.Ordinal)).ToList();
            var right = subset.Count(p => EyeStateModel.Default.EyeScore(p.Pixels) > 0 == p.Open);
            log(Invariant($"  embedded model {EyeStateModel.Default.Fingerprint}, {row.Dataset} {row.Metric}: {right / (double)subset.Count:0.0000} (n {subset.Count})"));
        }

        model = model with
        {
            Notes = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["trainedOn"] = string.Join("; ", sources.Select(source => Invariant(
                    $"{source}, train side of the evaluation split ({train.Count(p => p.Source == source)} patches, {train.Count(p => p.Source == source && p.Open)} open)"))),
                ["model"] = chosen.ToString(),
                ["selection"] = string.Join("; ", notes),
                ["validation"] = string.Join("; ", metricRows.Select(r => Invariant($"{r.Dataset} {r.Metric} {r.Value:0.0000} (n {r.Samples})"))),
            },
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.OutputFile))!;
        Directory.CreateDirectory(directory);
        File.WriteAllText(options.OutputFile, JsonSerializer.Serialize(model, EyeStateModelJsonContext.Default.EyeStateModel) + "\n");
        return new EyeStateResult(model, metricRows, notes);
    }

    /// <summary>The training copies of a patch: the patch itself first, then its mirror and one-pixel shifts as asked.</summary>
    public static IEnumerable<float[]> Copies(float[] patch, Augment augment)
    {
        ArgumentNullException.ThrowIfNull(patch);
        yield return patch;
        if (augment == Augment.None)
        {
            yield break;
        }

        var mirrored = Mirror(patch);
        yield return mirrored;
        if (augment != Augment.MirrorShift)
        {
            yield break;
        }

        foreach (var source in new[] { patch, mirrored })
        {
            foreach (var (dx, dy) in new[] { (1, 0), (-1, 0), (0, 1), (0, -1) })
            {
                yield return Shift(source, dx, dy);
            }
        }
    }

    /// <summary>The patch moved by (dx, dy) pixels, edges repeated.</summary>
    public static float[] Shift(float[] patch, int dx, int dy)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var n = EyeStateModel.Size;
        var result = new float[patch.Length];
        for (var y = 0; y < n; y++)
        {
            for (var x = 0; x < n; x++)
            {
                result[(y * n) + x] = patch[(Math.Clamp(y - dy, 0, n - 1) * n) + Math.Clamp(x - dx, 0, n - 1)];
            }
        }

        return result;
    }

    /// <summary>
    /// Every eye of the <see cref="EyeStateTrainingOptions.MeshSources"/> faces of <see cref="TrainingSets.ReadMixedEyes"/>
    /// (both sides of the split; at most <see cref="EyeStateTrainingOptions.Limit"/> faces per set, side and class),
    /// cut from the largest face the engine finds, with its mesh, at the first crop framing listed.
    /// </summary>
    public static IReadOnlyList<EyePatch> CutMeshEyes(EyeStateTrainingOptions options, Func<FaceAnalyzer> createAnalyzer, Action<string> log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(createAnalyzer);
        ArgumentNullException.ThrowIfNull(log);
        if (options.MeshSources.Count == 0)
        {
            return [];
        }

        var faces = Limited(TrainingSets.ReadMixedEyes(options.EvalRoot).Where(s => options.MeshSources.Contains(s.Dataset)), options.Limit);
        log(Invariant($"cutting the eyes of {faces.Count} faces ({string.Join(", ", options.MeshSources)}) with the mesh, {options.CropScales[0]:0.0#} eye widths, shift {options.CropShifts[0]:0.0#}"));
        var patches = new List<EyePatch>();
        foreach (var (face, left, right) in CutEyes(faces, options.CropScales[0], options.CropShifts[0], options, createAnalyzer, cancellationToken))
        {
            var open = face.Labels[AttributeNames.EyesOpen];
            patches.Add(new EyePatch(face.ImagePath, open, "left", face.Group, face.Side, left, face.Dataset));
            patches.Add(new EyePatch(face.ImagePath, open, "right", face.Group, face.Side, right, face.Dataset));
        }

        log(Invariant($"  {patches.Count / 2} of {faces.Count} faces had a mesh"));
        return patches;
    }

    // At most `limit` faces per set, side and class.
    private static List<TrainingSample> Limited(IEnumerable<TrainingSample> faces, int? limit) =>
        limit is { } n ? [.. faces.GroupBy(f => (f.Dataset, f.Side, f.Labels[AttributeNames.EyesOpen])).SelectMany(g => SampleLimit.Spread(g.ToList(), n))] : [.. faces];

    // Both eyes of the largest face the engine finds in each image, cut with its mesh; faces without a mesh are left out.
    private static List<(TrainingSample Face, float[] Left, float[] Right)> CutEyes(
        IReadOnlyList<TrainingSample> faces, float scale, float shift, EyeStateTrainingOptions options, Func<FaceAnalyzer> createAnalyzer, CancellationToken cancellationToken)
    {
        var cut = new (float[] Left, float[] Right)?[faces.Count];
        using (var analyzer = createAnalyzer())
        {
            Parallel.For(0, faces.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken }, i =>
            {
                var image = EvalImages.Load(faces[i].ImagePath);
                if (analyzer.Analyze(image, FaceAttributeSet.Default, false, cancellationToken).MaxBy(f => f.RelativeArea)?.Mesh is { } mesh)
                {
                    var (left, right) = (new float[EyeStateModel.Size * EyeStateModel.Size], new float[EyeStateModel.Size * EyeStateModel.Size]);
                    EyeStateModel.Crop(image, mesh, left: true, scale, shift, left);
                    EyeStateModel.Crop(image, mesh, left: false, scale, shift, right);
                    cut[i] = (left, right);
                }
            });
        }

        return [.. faces.Select((f, i) => (f, cut[i])).Where(c => c.Item2 is not null).Select(c => (c.f, c.Item2!.Value.Left, c.Item2!.Value.Right))];
    }

    // The candidate fitted on every patch given (standardisation, perceptron or logistic fit), at the default framing.
    private static EyeStateModel Fit(IReadOnlyList<EyePatch> patches, EyeCandidate candidate, EyeStateTrainingOptions options)
    {
        var (rows, labels, _, weights) = Rows(patches, candidate);
        var (mean, scale) = LinearHeadFitter.Standardisation(rows);
        var standardised = LinearHeadFitter.Standardise(rows, mean, scale);
        var model = new EyeStateModel
        {
            Features = candidate.Features,
            CropScale = options.CropScales[0],
            CropShift = options.CropShifts[0],
            Mean = mean,
            Scale = scale,
            Weights = [],
            Bias = 0,
        };
        if (candidate.Hidden > 0)
        {
            var net = PerceptronFitter.Fit(standardised, labels, candidate.Hidden, candidate.Lambda, options.Epochs, weights: weights);
            model = model with { HiddenWeights = HalfArrayBase64Converter.Round(net.HiddenWeights), HiddenBias = net.HiddenBias, Weights = net.Weights, Bias = net.Bias };
        }
        else
        {
            var (w, bias) = LinearHeadFitter.Fit(standardised, labels, candidate.Lambda, options.Iterations, weights);
            model = model with { Weights = w, Bias = bias };
        }

        return EyeStateModel.Validated(model);
    }

    private static (List<float[]> Rows, bool[] Labels, int[] Patch, double[] Weights) Rows(IReadOnlyList<EyePatch> patches, EyeCandidate candidate)
    {
        // Sources weighted equally: each source's patches share one equal part of the total weight.
        var perSource = patches.GroupBy(p => p.Source).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var rows = new List<float[]>();
        var labels = new List<bool>();
        var index = new List<int>();
        var weights = new List<double>();
        for (var i = 0; i < patches.Count; i++)
        {
            var first = true;
            foreach (var copy in Copies(patches[i].Pixels, candidate.Augment))
            {
                rows.Add(EyeStateModel.Describe(copy, candidate.Features));
                labels.Add(patches[i].Open);
                index.Add(first ? i : -1);
                weights.Add(candidate.SourcesEqual ? (double)patches.Count / (perSource.Count * perSource[patches[i].Source]) : 1);
                first = false;
            }
        }

        return (rows, [.. labels], [.. index], [.. weights]);
    }

    // Out-of-fold Platt log loss (the mean over sources of each source's mean over its classes), the same for each
    // source, and accuracy (score 0) over the patches themselves; their copies only train.
    private static (double LogLoss, double Accuracy, string BySource) OutOfFold(IReadOnlyList<EyePatch> train, EyeCandidate candidate, EyeStateTrainingOptions options)
    {
        var (rows, labels, patch, weights) = Rows(train, candidate);
        var copies = rows.Count / train.Count;
        var folds = train.SelectMany(p => Enumerable.Repeat(LinearHeadFitter.FoldOf(p.Group, options.Folds), copies)).ToArray();
        var scores = new double[rows.Count];
        Parallel.For(0, options.Folds, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism }, fold =>
        {
            var fit = Enumerable.Range(0, rows.Count).Where(i => folds[i] != fold).ToList();
            var held = Enumerable.Range(0, rows.Count).Where(i => folds[i] == fold && patch[i] >= 0).ToList();
            if (fit.All(i => labels[i]) || fit.All(i => !labels[i]))
            {
                return;
            }

            var fitX = fit.Select(i => rows[i]).ToList();
            var (mean, scale) = LinearHeadFitter.Standardisation(fitX);
            var standardised = LinearHeadFitter.Standardise(fitX, mean, scale);
            var fitY = fit.Select(i => labels[i]).ToArray();
            var fitW = fit.Select(i => weights[i]).ToArray();
            Func<float[], double> score;
            if (candidate.Hidden > 0)
            {
                var net = PerceptronFitter.Fit(standardised, fitY, candidate.Hidden, candidate.Lambda, options.Epochs, weights: fitW);
                score = net.Score;
            }
            else
            {
                var (w, b) = LinearHeadFitter.Fit(standardised, fitY, candidate.Lambda, options.Iterations, fitW);
                score = row => LinearHeadFitter.Score(row, w, b);
            }

            var heldX = LinearHeadFitter.Standardise([.. held.Select(i => rows[i])], mean, scale);
            for (var k = 0; k < held.Count; k++)
            {
                scores[held[k]] = score(heldX[k]);
            }
        });
        var originals = Enumerable.Range(0, rows.Count).Where(i => patch[i] >= 0).ToList();
        var scored = originals.Select(i => new ScoredSample(scores[i], labels[i])).ToList();
        var losses = MixedLogLoss(scored, [.. originals.Select(i => train[patch[i]].Source)]);
        return (losses.Mean, scored.Count(s => s.Score > 0 == s.IsPositive) / (double)scored.Count, string.Join(", ", losses.BySource.Select(l => Invariant($"{l.Key} {l.Value:0.0000}"))));
    }

    /// <summary>
    /// Log loss of scores Platt-calibrated together, per source (the mean of its classes' mean losses, so a rare class
    /// counts as much as a common one) and their mean (every source counting the same).
    /// </summary>
    public static (double Mean, IReadOnlyDictionary<string, double> BySource) MixedLogLoss(IReadOnlyList<ScoredSample> scored, IReadOnlyList<string> sources)
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(sources);
        var platt = PlattScaling.Fit(scored);
        var bySource = scored.Select((s, i) =>
            {
                var p = Math.Clamp(platt.Probability(s.Score), 1e-12, 1 - 1e-12);
                return (Source: sources[i], s.IsPositive, Loss: s.IsPositive ? -Math.Log(p) : -Math.Log(1 - p));
            })
            .GroupBy(l => l.Source, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.GroupBy(l => l.IsPositive).Average(c => c.Average(l => l.Loss)), StringComparer.Ordinal);
        return (bySource.Values.Average(), bySource);
    }

    /// <summary>Log loss of Platt-calibrated scores.</summary>
    public static double LogLoss(IReadOnlyList<ScoredSample> scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var platt = PlattScaling.Fit(scored);
        return scored.Average(s =>
        {
            var p = Math.Clamp(platt.Probability(s.Score), 1e-12, 1 - 1e-12);
            return s.IsPositive ? -Math.Log(p) : -Math.Log(1 - p);
        });
    }

    private static (float Scale, float Shift, bool Mirror, List<string> Notes) ChooseFraming(
        EyeStateModel model, EyeStateTrainingOptions options, Func<FaceAnalyzer> createAnalyzer, Action<string> log, CancellationToken cancellationToken)
    {
        var faces = TrainingSets.ReadCewFaces(options.EvalRoot).Where(s => s.Side == SplitSide.Train).ToList();
        if (options.Limit is { } n)
        {
            faces = [.. faces.GroupBy(f => f.Labels[AttributeNames.EyesOpen]).SelectMany(g => SampleLimit.Spread(g.ToList(), n))];
        }

        log($"{TrainingSets.CewFaces}: meshing {faces.Count} train-side faces for the crop framing");
        var meshed = new ConcurrentBag<(bool Open, RgbImage Image, FaceMesh Mesh)>();
        using (var analyzer = createAnalyzer())
        {
            Parallel.ForEach(faces, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken }, face =>
            {
                var image = EvalImages.Load(face.ImagePath);
                var found = analyzer.Analyze(image, FaceAttributeSet.Default, false, cancellationToken);

                if (found.MaxBy(f => f.RelativeArea)?.Mesh is { } mesh)
                {
                    meshed.Add((face.Labels[AttributeNames.EyesOpen], image, mesh));
                }
            });
        }

        var ordered = meshed.OrderBy(m => m.Open).ThenBy(m => m.Mesh[0].X).ThenBy(m => m.Mesh[0].Y).ToList();
        var notes = new List<string> { Invariant($"crop framing on {ordered.Count} of {faces.Count} train-side {TrainingSets.CewFaces} faces with a mesh ({ordered.Count(m => m.Open)} open)") };
        var (bestScale, bestShift, bestMirror, bestLoss) = (options.CropScales[0], options.CropShifts[0], false, double.MaxValue);
        foreach (var (scale, shift, mirror) in options.CropScales.SelectMany(c => options.CropShifts.SelectMany(h => new[] { (c, h, false), (c, h, true) })))
        {
            var framed = model with { CropScale = scale, CropShift = shift, MirrorAverage = mirror };
            var values = new float[EyeStateModel.Count];
            var scored = ordered.Select(m =>
            {
                framed.Measure(m.Image, m.Mesh, values);
                return new ScoredSample(values[0], m.Open);
            }).ToList();
            if (scored.All(s => s.IsPositive) || scored.All(s => !s.IsPositive))
            {
                continue;
            }

            var loss = LogLoss(scored);
            var openRight = scored.Where(s => s.IsPositive).Count(s => s.Score > 0) / (double)Math.Max(scored.Count(s => s.IsPositive), 1);
            var closedRight = scored.Where(s => !s.IsPositive).Count(s => s.Score <= 0) / (double)Math.Max(scored.Count(s => !s.IsPositive), 1);
            notes.Add(Invariant($"crop {scale:0.0#} eye widths, shift {shift:0.0#}{(mirror ? ", mirror-averaged" : "")}: log loss {loss:0.0000} (mean of the two eyes), open {openRight:0.000} / closed {closedRight:0.000} at score 0"));
            log("  " + notes[^1]);
            if (loss < bestLoss)
            {
                (bestScale, bestShift, bestMirror, bestLoss) = (scale, shift, mirror, loss);
            }
        }

        notes.Add(Invariant($"crop chosen: {bestScale:0.0#} eye widths, shift {bestShift:0.0#}{(bestMirror ? ", mirror-averaged" : "")}"));
        log("  " + notes[^1]);
        return (bestScale, bestShift, bestMirror, notes);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
