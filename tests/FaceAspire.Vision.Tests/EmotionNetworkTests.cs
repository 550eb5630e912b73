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
            .Message.ShouldContain("fc.weight");
        var onlyClassifier = new Dictionary<string, float[]>
        {
            ["fc.weight"] = new float[EmotionNetwork.Classes.Count * EmotionNetwork.StageChannels[^1]],
            ["fc.bias"] = new float[EmotionNetwork.Classes.Count],
        };
        Should.Throw<ArgumentException>(() => EmotionNetwork.ToOnnx(onlyClassifier, new Dictionary<string, string>()))
            .Message.ShouldContain("s0c0.weight");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_network_of_any_width_is_written_with_the_channels_its_weights_have(int width)
    {
        var tensors = RandomWeights(width, seed: 7);
        using var session = new OnnxModelSession(
            EmotionNetwork.ToOnnx(tensors, new Dictionary<string, string>()), new OnnxRuntimeOptions(), "emotion-test");
        session.OutputLastDimensions.ShouldBe([EmotionNetwork.Classes.Count]);

        var input = new float[2 * EmotionCrop.Size * EmotionCrop.Size];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (i % 97) / 97f;
        }

        using var outputs = session.Run(input, [2, 1, EmotionCrop.Size, EmotionCrop.Size]);
        var logits = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        logits.Length.ShouldBe(2 * EmotionNetwork.Classes.Count);
        logits.ShouldAllBe(v => float.IsFinite(v));

        // A width the classifier's size does not match is refused, not written wrong.
        tensors["fc.weight"] = new float[EmotionNetwork.Classes.Count * ((EmotionNetwork.StageChannels[^1] * width) + 1)];
        Should.Throw<ArgumentException>(() => EmotionNetwork.ToOnnx(tensors, new Dictionary<string, string>()));
    }

    /// <summary>Seeded weights of the layout the trainer exports, for a network of <paramref name="width"/>.</summary>
    private static Dictionary<string, float[]> RandomWeights(int width, int seed)
    {
        var random = new Random(seed);
        float[] Values(int count, float scale, float offset = 0f) =>
            [.. Enumerable.Range(0, count).Select(_ => offset + (scale * ((float)random.NextDouble() - 0.5f)))];
        var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var channels = 1;
        var stages = EmotionNetwork.StageChannelsFor(width);
        for (var stage = 0; stage < stages.Count; stage++)
        {
            for (var index = 0; index < EmotionNetwork.StageConvolutions[stage]; index++)
            {
                var output = stages[stage];
                tensors[EmotionNetwork.ConvolutionName(stage, index) + ".weight"] = Values(output * channels * 9, 0.2f);
                var norm = EmotionNetwork.BatchNormName(stage, index);
                tensors[norm + ".weight"] = Values(output, 0.2f, 1f);
                tensors[norm + ".bias"] = Values(output, 0.2f);
                tensors[norm + ".running_mean"] = Values(output, 0.2f);
                tensors[norm + ".running_var"] = Values(output, 0.2f, 1f);
                channels = output;
            }
        }

        tensors[EmotionNetwork.ClassifierName + ".weight"] = Values(EmotionNetwork.Classes.Count * channels, 0.2f);
        tensors[EmotionNetwork.ClassifierName + ".bias"] = Values(EmotionNetwork.Classes.Count, 0.2f);
        return tensors;
    }
}
