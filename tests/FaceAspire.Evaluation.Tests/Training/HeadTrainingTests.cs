using System.Text.Json;
using FaceAspire.Evaluation.Datasets;
using FaceAspire.Evaluation.Tests.Datasets;
using FaceAspire.Evaluation.Tests.Engines;
using FaceAspire.Evaluation.Training;
using FaceAspire.Vision.Attributes;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Evaluation.Tests.Training;

/// <summary>The training command end to end on a tiny slice of the eval folder (skipped where the folder is absent).</summary>
public sealed class HeadTrainingTests(EngineFixture engines) : IClassFixture<EngineFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("faceaspire-heads-").FullName;

    [Fact]
    public void Trains_a_loadable_head_from_cached_engine_features_and_reports_validation_figures()
    {
        var root = EvalData.RootOrSkip();
        var options = new HeadTrainingOptions
        {
            EvalRoot = root,
            OutputDirectory = Path.Combine(folder, "heads"),
            CacheDirectory = Path.Combine(folder, "cache"),
            Limit = 24,
            Attributes = [AttributeNames.Eyeglasses],
            Folds = 2,
            Lambdas = [0.01, 0.1],
            Iterations = 40,
            Parallelism = 2,
        };
        var log = new List<string>();
        FaceAnalyzer Create() => engines.Create(new FaceAnalyzerOptions { KeepAttributeFeatures = true, MaxDegreeOfParallelism = 1 });

        var results = HeadTraining.Run(options, Create, log.Add, TestContext.Current.CancellationToken);

        var result = results.ShouldHaveSingleItem();
        result.Attribute.ShouldBe(AttributeNames.Eyeglasses);
        result.Rows.ShouldContain(r => r.Metric == "balanced accuracy Eyeglasses" && r.Dataset == TrainingSets.CelebaAlign);
        var file = Path.Combine(options.OutputDirectory, "Eyeglasses.json");
        var head = JsonSerializer.Deserialize(File.ReadAllText(file), AttributeHeadJsonContext.Default.AttributeHead).ShouldNotBeNull();
        new AttributeHeads([head]).Attributes.ShouldBe([AttributeNames.Eyeglasses]);
        head.Notes.ShouldNotBeNull().Keys.ShouldContain("validation");

        // The second run reads every vector from the cache and trains the same head (deterministic).
        log.Clear();
        HeadTraining.Run(options, () => throw new InvalidOperationException("the cache should serve every face"), log.Add, TestContext.Current.CancellationToken);
        JsonSerializer.Deserialize(File.ReadAllText(file), AttributeHeadJsonContext.Default.AttributeHead)!.Weights.ShouldBe(head.Weights);
        log.ShouldNotContain(l => l.Contains("extracting", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
