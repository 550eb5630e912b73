using FaceAspire.Vision.ModelImport;
using FaceAspire.Vision.ModelImport.Onnx;
using FaceAspire.Vision.ModelImport.Tfjs;
using FaceAspire.Vision.Models;
using FaceAspire.Vision.Protos.Onnx;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace FaceAspire.Vision.Tests;

/// <summary>
/// The importer's activation rewrites (<see cref="FusableActivations"/>) must not change a single bit of any output:
/// on a small graph with the two forms and inputs that straddle every bound, and on the face models themselves.
/// </summary>
public sealed class FusableActivationsTests
{
    [Fact]
    public void Relu6_chains_and_prelus_give_bit_identical_values_in_their_fused_forms()
    {
        var onnx = new OnnxGraphBuilder();
        onnx.AddInput("input", [1, 4, 3, 5]);
        var slope = onnx.AddFloats("slope", [4, 1, 1], [0.25f, -0.7f, 1.3f, 0f]);
        var prelu = onnx.Add("PRelu", "prelu", ["input", slope]);
        var relu = onnx.Add("Relu", "relu", [prelu]);
        var min = onnx.Add("Min", "min", [relu, onnx.AddFloats("six", [], [6f])]);
        var max = onnx.Add("Max", "max", [min, onnx.AddFloats("zero", [], [0f])]);
        onnx.Reserve("output");
        onnx.AddOutput("output", max);
        onnx.Reserve("slopes");
        onnx.AddOutput("slopes", prelu);
        var original = onnx.Build("activations", "test", new Dictionary<string, string>());
        var rewritten = original.Clone();

        FusableActivations.Rewrite(rewritten.Graph);

        rewritten.Graph.Node.Select(n => n.OpType).ShouldNotContain("PRelu");
        rewritten.Graph.Node.Count(n => n.OpType == "Clip").ShouldBe(1);
        rewritten.Graph.Node.Select(n => n.OpType).ShouldNotContain("Max");
        var random = new Random(5);
        float[] specials = [0f, -0f, 6f, 5.9999995f, 6.0000005f, -6f, 1e-38f, -1e-38f, 3e38f, -3e38f, 1e-45f, -1e-45f];
        var input = Enumerable.Range(0, 60).Select(i => i < specials.Length ? specials[i] : (random.NextSingle() - 0.5f) * 20f).ToArray();
        AssertBitIdentical(original, rewritten, input, [1, 4, 3, 5]);
    }

    [Theory]
    [InlineData("blazeface-back", new long[] { 1, 256, 256, 3 }, -1f, 1f)]
    [InlineData("facemesh", new long[] { 1, 192, 192, 3 }, 0f, 1f)]
    [InlineData("faceres", new long[] { 1, 224, 224, 3 }, 0f, 255f)]
    [InlineData("emotion", new long[] { 1, 64, 64, 1 }, -1f, 1f)]
    public void The_face_models_compute_bit_identical_values_after_the_rewrite(string model, long[] shape, float low, float high)
    {
        var directory = new TfjsOnnxModelProvider().ModelsDirectory;
        directory.ShouldNotBeNull("run `npm ci` at the repository root");
        var graph = TfjsGraphModel.Load(Path.Combine(directory, model + ".json"));
        var original = TfjsOnnxImporter.Translate(graph, fuseActivations: false);
        var rewritten = TfjsOnnxImporter.Translate(graph);
        if (model == "facemesh")
        {
            original.Graph.Node.Count(n => n.OpType == "PRelu").ShouldBeGreaterThan(0);
            rewritten.Graph.Node.Select(n => n.OpType).ShouldNotContain("PRelu");
        }

        if (model == "faceres")
        {
            rewritten.Graph.Node.Count(n => n.OpType == "Clip").ShouldBeGreaterThan(20);
            rewritten.Graph.Node.Select(n => n.OpType).ShouldNotContain("Min");
        }

        var random = new Random(11);
        var input = new float[shape.Aggregate(1L, (a, b) => a * b)];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = low + ((high - low) * random.NextSingle());
        }

        AssertBitIdentical(original, rewritten, input, shape);
    }

    [Fact]
    public void The_identity_embedder_computes_bit_identical_values_after_the_rewrite()
    {
        var original = ModelProto.Parser.ParseFrom(File.ReadAllBytes(new TfjsOnnxModelProvider().GetOnnxPath(Attributes.AlignedFaceEmbedder.ModelName)));
        var rewritten = ModelProto.Parser.ParseFrom(FusableActivations.Rewrite(original.ToByteArray()));
        original.Graph.Node.Count(n => n.OpType == "PRelu").ShouldBeGreaterThan(0);
        rewritten.Graph.Node.Select(n => n.OpType).ShouldNotContain("PRelu");
        var random = new Random(13);
        var input = Enumerable.Range(0, 3 * 112 * 112).Select(_ => (random.NextSingle() * 2f) - 1f).ToArray();

        AssertBitIdentical(original, rewritten, input, [1, 3, 112, 112]);
    }

    private static void AssertBitIdentical(ModelProto original, ModelProto rewritten, float[] input, long[] shape)
    {
        var expected = Run(original, input, shape);
        var actual = Run(rewritten, input, shape);
        actual.Length.ShouldBe(expected.Length);
        for (var o = 0; o < expected.Length; o++)
        {
            actual[o].Length.ShouldBe(expected[o].Length);
            var differing = Enumerable.Range(0, expected[o].Length)
                .Count(i => BitConverter.SingleToInt32Bits(expected[o][i]) != BitConverter.SingleToInt32Bits(actual[o][i])
                    && !(expected[o][i] == 0f && actual[o][i] == 0f));
            differing.ShouldBe(0, $"output {o}: {differing} of {expected[o].Length} values differ");
        }
    }

    private static float[][] Run(ModelProto model, float[] input, long[] shape)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model.ToByteArray(), options);
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        var names = session.OutputMetadata.Keys.ToArray();
        using var outputs = session.Run(runOptions, [session.InputMetadata.Keys.Single()], [value], names);
        return [.. outputs.Select(o => o.GetTensorDataAsSpan<float>().ToArray())];
    }
}
