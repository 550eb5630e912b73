using System.Text.Json;
using FaceAspire.Evaluation.Datasets;
using FaceAspire.Evaluation.Metrics;
using FaceAspire.Evaluation.Tests.Datasets;
using FaceAspire.Evaluation.Tests.Engines;
using FaceAspire.Evaluation.Training;
using FaceAspire.Vision.Attributes;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Evaluation.Tests.Training;

/// <summary>The eye-state model's training: split, copies, the perceptron fit and a tiny end-to-end run.</summary>
public sealed class EyeStateTrainingTests(EngineFixture engines) : IClassFixture<EngineFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("faceaspire-eyes-").FullName;

    [Fact]
    public void Closed_eye_patches_share_the_split_side_of_their_face_in_cew_closed_faces()
    {
        var root = EvalData.RootOrSkip();
        var patches = EyeStateTraining.ReadPatches(root);
        var faces = EyeStateSets.ReadCewFaces(root).Where(f => f.Label == EyeStateSets.Closed)
            .ToDictionary(f => "cew:" + Path.GetRelativePath(Path.Combine(root, EyeStateSets.Folder), f.ImagePath).Replace('\\', '/'), f => f.Side);

        patches.Count.ShouldBe(4846);
        var closed = patches.Where(p => !p.Open).ToList();
        var matched = closed.Where(p => faces.ContainsKey(p.Group)).ToList();
        matched.Count.ShouldBeGreaterThan(1000);
        matched.ShouldAllBe(p => p.Split == faces[p.Group]);
        faces.Where(f => f.Value == SplitSide.Validation).ShouldAllBe(f => closed.Where(p => p.Group == f.Key).All(p => p.Split == SplitSide.Validation));
        patches.ShouldAllBe(p => p.Split == DatasetSplit.SideOf(p.Group));
        patches.Where(p => p.Open).ShouldAllBe(p => p.Group.StartsWith("cew_eye_patches:", StringComparison.Ordinal));
    }

    [Fact]
    public void Copies_are_the_patch_its_mirror_and_one_pixel_shifts()
    {
        var patch = Enumerable.Range(0, 576).Select(i => (float)i).ToArray();
        var copies = EyeStateTraining.Copies(patch, Augment.MirrorShift).ToList();

        copies.Count.ShouldBe(10);
        copies[0].ShouldBeSameAs(patch);
        copies[1][0].ShouldBe(23f);
        EyeStateTraining.Shift(patch, 1, 0)[1].ShouldBe(0f);
        EyeStateTraining.Shift(patch, 1, 0)[0].ShouldBe(0f);
        EyeStateTraining.Shift(patch, 0, -1)[0].ShouldBe(24f);
        EyeStateTraining.Copies(patch, Augment.None).ShouldHaveSingleItem();
        EyeStateTraining.Copies(patch, Augment.Mirror).Count().ShouldBe(2);
    }

    [Fact]
    public void Class_balanced_weights_give_each_class_half_and_keep_the_weights_within_a_class()
    {
        var weights = LinearHeadFitter.ClassBalanced([true, true, false, true], [1, 3, 5, 4]);

        weights.ShouldBe([0.0625, 0.1875, 0.5, 0.25], tolerance: 1e-12);
        LinearHeadFitter.ClassBalanced([true, false, false]).ShouldBe([0.5, 0.25, 0.25], tolerance: 1e-12);
        Should.Throw<ArgumentException>(() => LinearHeadFitter.ClassBalanced([true, false], [1, 0]));
    }

    [Fact]
    public void Mixed_log_loss_counts_every_source_and_class_the_same()
    {
        // One source right and sure, one wrong: the mean is the average of the two sources, whatever their sizes.
        ScoredSample[] scored = [new(4, true), new(4, true), new(4, true), new(-4, false), new(-4, true), new(4, false)];
        string[] sources = ["a", "a", "a", "a", "b", "b"];

        var (mean, bySource) = EyeStateTraining.MixedLogLoss(scored, sources);

        bySource.Keys.ShouldBe(["a", "b"]);
        bySource["b"].ShouldBeGreaterThan(bySource["a"]);
        mean.ShouldBe((bySource["a"] + bySource["b"]) / 2, 1e-12);
    }

    [Fact]
    public void The_perceptron_learns_a_class_no_line_separates()
    {
        // XOR of two signs: a logistic model scores it at chance, a few ReLU units separate it.
        var x = new List<float[]>();
        var y = new List<bool>();
        for (var i = 0; i < 200; i++)
        {
            var (a, b) = ((float)Math.Sin(i * 1.3), (float)Math.Cos(i * 2.1));
            x.Add([a, b]);
            y.Add(a * b > 0);
        }

        var net = PerceptronFitter.Fit(x, y, hidden: 8, weightDecay: 1e-4, epochs: 300, batch: 16, learningRate: 1e-2);
        var right = x.Select((r, i) => net.Score(r) > 0 == y[i]).Count(c => c);

        right.ShouldBeGreaterThan(180);
        PerceptronFitter.Fit(x, y, hidden: 8, weightDecay: 1e-4, epochs: 300, batch: 16, learningRate: 1e-2).Weights.ShouldBe(net.Weights);
        var (w, bias) = LinearHeadFitter.Fit(x, y, 1e-3);
        x.Select((r, i) => LinearHeadFitter.Score(r, w, bias) > 0 == y[i]).Count(c => c).ShouldBeLessThan(150);
    }

    [Fact]
    public void Trains_a_loadable_eye_model_on_a_few_patches_and_reports_validation_patch_accuracy()
    {
        var root = EvalData.RootOrSkip();
        var options = new EyeStateTrainingOptions
        {
            EvalRoot = root,
            OutputFile = Path.Combine(folder, "EyeState.json"),
            Limit = 8,
            Folds = 2,
            Lambdas = [0.1],
            Iterations = 40,
            HiddenUnits = [4],
            Epochs = 3,
            CropScales = [1.55f],
            CropShifts = [0f],
            Parallelism = 2,
            OutOfFoldFile = Path.Combine(folder, "out-of-fold.csv"),
        };
        var log = new List<string>();
        FaceAnalyzer Create() => engines.Create(new FaceAnalyzerOptions { KeepAttributeFeatures = true, MaxDegreeOfParallelism = 1 });

        var result = EyeStateTraining.Run(options, Create, log.Add, TestContext.Current.CancellationToken);

        result.Rows.Select(r => $"{r.Dataset} {r.Metric}").ShouldBe([
            "cew_eye_patches patch accuracy open", "cew_eye_patches patch accuracy closed",
            "yalefaces patch accuracy open", "yalefaces patch accuracy closed", "celeba_align_attr patch accuracy open"]);
        result.Rows.Where(r => r.Dataset == EyeStateTraining.PatchFolder).ShouldAllBe(r => r.Samples == 8);

        // Mesh-cut eyes: two per face, at most 8 faces per set, side and class; Yale's validation side has 7 closed faces.
        result.Rows.Where(r => r.Dataset != EyeStateTraining.PatchFolder).Select(r => r.Samples).ShouldBe([16, 14, 16]);
        log.ShouldContain(l => l.Contains("yalefaces: ", StringComparison.Ordinal) && l.Contains(" train patches", StringComparison.Ordinal));
        log.ShouldContain(l => l.Contains("sources weighted equally", StringComparison.Ordinal));
        log.ShouldContain(l => l.Contains("crop chosen: 1.55 eye widths", StringComparison.Ordinal));
        var model = JsonSerializer.Deserialize(File.ReadAllText(options.OutputFile), EyeStateModelJsonContext.Default.EyeStateModel).ShouldNotBeNull();
        EyeStateModel.Validated(model).CropScale.ShouldBe(1.55f);
        model.Fingerprint.ShouldBe(result.Model.Fingerprint);
        model.Notes.ShouldNotBeNull().Keys.ShouldContain("selection");

        // Out-of-fold scores of the head's train faces: every source, for the model written, and not its own scores.
        var scores = OutOfFoldEyeScores.Read(options.OutOfFoldFile, model.Fingerprint);
        scores.Keys.Select(k => k.Split('/')[0]).Distinct().Order(StringComparer.Ordinal).ShouldBe([TrainingSets.CelebaAlign, TrainingSets.CewFaces, TrainingSets.Yale]);
        scores.Values.ShouldAllBe(v => float.IsFinite(v.Mean) && v.Min <= v.Mean);
        Should.Throw<InvalidDataException>(() => OutOfFoldEyeScores.Read(options.OutOfFoldFile, "0000000000000000")).Message.ShouldContain("train-eye-model");
    }

    [Fact]
    public void Out_of_fold_eye_scores_replace_the_eyemodel_block_of_train_rows_only()
    {
        var block = AttributeFeatures.Block("eyemodel");
        var open = new Dictionary<string, bool>(StringComparer.Ordinal) { ["EyesOpen"] = true };
        TrainingSample[] samples =
        [
            new("yalefaces", "yalefaces/a.png", "a.png", "yale:a", SplitSide.Train, open, null),
            new("yalefaces", "yalefaces/b.png", "b.png", "yale:b", SplitSide.Validation, open, null),
            new("yalefaces", "yalefaces/c,1.png", "c.png", "yale:c", SplitSide.Train, open, null),
        ];
        var features = samples.ToDictionary(s => s.Key, float[]? (_) => new float[AttributeFeatures.Length], StringComparer.Ordinal);
        var file = Path.Combine(folder, "scores.csv");
        OutOfFoldEyeScores.Write(file, "abc", new Dictionary<string, (float, float)> { ["yalefaces/a.png"] = (1.5f, -2.25f), ["yalefaces/b.png"] = (3f, 3f), ["yalefaces/c,1.png"] = (0.1f, 0.05f) });

        var read = OutOfFoldEyeScores.Read(file, "abc");
        var applied = OutOfFoldEyeScores.Apply(samples, features, read, out var replaced);

        replaced.ShouldBe(2);
        applied["yalefaces/a.png"]![block.Offset].ShouldBe(1.5f);
        applied["yalefaces/a.png"]![block.Offset + 1].ShouldBe(-2.25f);
        applied["yalefaces/c,1.png"]![block.Offset].ShouldBe(0.1f);
        applied["yalefaces/b.png"]![block.Offset].ShouldBe(0f);
        features["yalefaces/a.png"]![block.Offset].ShouldBe(0f);
        Should.Throw<InvalidDataException>(() => OutOfFoldEyeScores.Read(file, "abd"));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
