using System.Text.Json;
using FaceAspire.Evaluation.Datasets;
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
            Limit = 24,
            Folds = 2,
            Lambdas = [0.1],
            Iterations = 40,
            HiddenUnits = [4],
            Epochs = 3,
            CropScales = [1.55f],
            CropShifts = [0f],
            Parallelism = 2,
        };
        var log = new List<string>();
        FaceAnalyzer Create() => engines.Create(new FaceAnalyzerOptions { KeepAttributeFeatures = true, MaxDegreeOfParallelism = 1 });

        var result = EyeStateTraining.Run(options, Create, log.Add, TestContext.Current.CancellationToken);

        result.Rows.Select(r => r.Metric).ShouldBe(["patch accuracy open", "patch accuracy closed"]);
        result.Rows.ShouldAllBe(r => r.Samples == 24);
        log.ShouldContain(l => l.Contains("crop chosen: 1.55 eye widths", StringComparison.Ordinal));
        var model = JsonSerializer.Deserialize(File.ReadAllText(options.OutputFile), EyeStateModelJsonContext.Default.EyeStateModel).ShouldNotBeNull();
        EyeStateModel.Validated(model).CropScale.ShouldBe(1.55f);
        model.Fingerprint.ShouldBe(result.Model.Fingerprint);
        model.Notes.ShouldNotBeNull().Keys.ShouldContain("selection");
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
