using FaceAspire.Vision.Attributes;
using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Pipeline;
using FaceAspire.Vision.Runtime;
using FaceAspire.Vision.Tests.Support;
using System.Text.Json;

namespace FaceAspire.Vision.Tests;

/// <summary>The engine's own emotion network: its ONNX graph against the training framework, and its crop against training's.</summary>
public sealed class EmotionNetworkTests(AnalyzerFixture fixture) : IClassFixture<AnalyzerFixture>
{
    [Fact]
    public void Onnx_Runtime_reproduces_the_training_frameworks_logits_on_the_shipped_parity_inputs()
    {
        var cases = JsonSerializer.Deserialize<ParityCases>(EmotionNetworkClassifier.ReadResource(EmotionNetworkClassifier.ParityFile)).ShouldNotBeNull();
        using var classifier = new EmotionNetworkClassifier(new OnnxRuntimeOptions());
        cases.Inputs.Length.ShouldBeGreaterThanOrEqualTo(4);

        var logits = classifier.Logits([.. cases.Inputs.SelectMany(i => i)], cases.Inputs.Length);

        var expected = cases.Logits.SelectMany(l => l).ToArray();
        logits.Length.ShouldBe(expected.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            logits[i].ShouldBe(expected[i], 1e-3f);
        }

        // The inputs are not all answered alike (the check would pass on a constant graph otherwise).
        cases.Logits.Skip(1).Max(l => l.Zip(cases.Logits[0], (a, b) => MathF.Abs(a - b)).Max()).ShouldBeGreaterThan(0.01f);
    }

    [Fact]
    public void The_training_crop_is_the_run_time_crop_with_a_border()
    {
        var image = ImageDecoder.Decode(TestPaths.ReadSample(6));
        using var analyzer = new FaceAnalyzer(fixture.Models, new FaceAnalyzerOptions { KeepEmotionCrops = true, KeepAttributeFeatures = true });

        var face = analyzer.Analyze(image, FaceAttributeSet.Default, false, TestContext.Current.CancellationToken)[0];

        var training = face.EmotionCrop.ShouldNotBeNull();
        training.Length.ShouldBe(EmotionCrop.TrainingSize * EmotionCrop.TrainingSize);
        var runtime = new float[EmotionCrop.Size * EmotionCrop.Size];
        EmotionCrop.Sample(image, face.Mesh.ShouldNotBeNull(), 0, false, runtime);
        for (var y = 0; y < EmotionCrop.Size; y++)
        {
            for (var x = 0; x < EmotionCrop.Size; x++)
            {
                var inner = training[((y + EmotionCrop.TrainingBorder) * EmotionCrop.TrainingSize) + x + EmotionCrop.TrainingBorder];
                inner.ShouldBe(runtime[(y * EmotionCrop.Size) + x], 1e-4f);
            }
        }

        runtime.Max().ShouldBeGreaterThan(runtime.Min() + 0.2f);
    }

    [Fact]
    public void Confidences_are_a_distribution_over_the_eight_types_with_confused_at_zero()
    {
        var image = ImageDecoder.Decode(TestPaths.ReadSample(6));
        using var analyzer = new FaceAnalyzer(fixture.Models, new FaceAnalyzerOptions { EmotionModel = EmotionModel.Network });

        var emotions = analyzer.Analyze(image, FaceAttributeSet.All, false, TestContext.Current.CancellationToken)[0].Detail.Emotions.ShouldNotBeNull();

        emotions.Count.ShouldBe(8);
        emotions.Sum(e => e.Confidence).ShouldBe(100f, 0.5f);
        emotions.Single(e => e.Type == "CONFUSED").Confidence.ShouldBe(0f);
    }

    [Fact]
    public void Weights_missing_a_tensor_are_refused_by_name()
    {
        Should.Throw<ArgumentException>(() => EmotionNetwork.ToOnnx(new Dictionary<string, float[]>(), new Dictionary<string, string>()))
            .Message.ShouldContain("s0c0.weight");
    }
}
