using FaceAspire.Vision.ModelImport.Onnx;
using FaceAspire.Vision.ModelImport.Ops;
using FaceAspire.Vision.ModelImport.Tfjs;
using FaceAspire.Vision.Protos.Onnx;
using Google.Protobuf;

namespace FaceAspire.Vision.ModelImport;

/// <summary>
/// Translates a TensorFlow.js graph model (<c>{name}.json</c> + weight files) into an ONNX model, op by op.
/// Graph inputs and outputs keep TensorFlow's names (without <c>:0</c>) and layout (NHWC); inside, convolution
/// chains run in NCHW. Ops outside the face models' set raise <see cref="NotSupportedException"/> naming the op and node.
/// </summary>
public static class TfjsOnnxImporter
{
    /// <summary>Changes whenever a translation changes, so cached ONNX files made by older code are not reused.</summary>
    public const string Version = "3";

    /// <summary>
    /// The last <see cref="Version"/> whose change altered what an imported model computes; part of the engine version
    /// that stored results carry. Version 3 only rewrote activations into forms that give bit-identical values
    /// (<see cref="FusableActivations"/>), so results of version 2 stay current.
    /// </summary>
    public const string OutputVersion = "2";

    /// <summary>
    /// Inner tensors exposed as extra graph outputs after the signature's, per model name: the attribute heads read
    /// FaceRes's 14x14x512 and 7x7x1024 activation maps (NHWC), pooled over face regions.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> FeatureOutputs { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["faceres"] = ["conv_pw_11_relu/clip_by_value", "conv_pw_13_relu/clip_by_value"],
        };

    private static readonly IOpTranslator[] Translators =
    [
        new ConvolutionTranslator(), new PoolingTranslator(), new ElementwiseTranslator(), new ReductionTranslator(),
        new ShapeTranslator(), new ResamplingTranslator(), new MatMulTranslator(),
    ];

    private static readonly Dictionary<string, IOpTranslator> ByOp =
        Translators.SelectMany(t => t.Ops.Select(op => (op, t))).ToDictionary(p => p.op, p => p.t, StringComparer.Ordinal);

    /// <summary>The TensorFlow ops the importer translates (besides Const and Placeholder).</summary>
    public static IReadOnlyCollection<string> SupportedOps => ByOp.Keys;

    /// <summary>Imports <paramref name="tfjsJsonPath"/> and writes the ONNX model to <paramref name="onnxPath"/>.</summary>
    /// <exception cref="NotSupportedException">The graph uses an op or attribute the importer does not translate.</exception>
    public static void Import(string tfjsJsonPath, string onnxPath)
    {
        var model = Translate(TfjsGraphModel.Load(tfjsJsonPath));
        using var stream = File.Create(onnxPath);
        model.WriteTo(stream);
    }

    /// <summary>Imports <paramref name="tfjsJsonPath"/> and returns the serialised ONNX model.</summary>
    public static byte[] ImportToBytes(string tfjsJsonPath) => Translate(TfjsGraphModel.Load(tfjsJsonPath)).ToByteArray();

    /// <param name="model">The TensorFlow.js graph.</param>
    /// <param name="fuseActivations">Whether to rewrite activations into the forms ONNX Runtime fuses (<see cref="FusableActivations"/>); off only to compare.</param>
    internal static ModelProto Translate(TfjsGraphModel model, bool fuseActivations = true)
    {
        var onnx = new OnnxGraphBuilder();
        var context = new ImportContext(model, onnx);
        var outputs = AllOutputs(model);
        foreach (var output in outputs)
        {
            onnx.Reserve(output.Name);
        }

        foreach (var input in model.Inputs)
        {
            onnx.AddInput(input.Name, Lookup(model, input.Tensor).GetShape("shape") ?? [-1, -1, -1, -1]);
            context.SetNhwc(input.Tensor, input.Name);
        }

        foreach (var node in TopologicalOrder(model, outputs))
        {
            if (node.Op is "Const" or "Placeholder")
            {
                continue;
            }

            if (!ByOp.TryGetValue(node.Op, out var translator))
            {
                throw new NotSupportedException($"TensorFlow.js op '{node.Op}' (node '{node.Name}') is not supported by the ONNX importer.");
            }

            translator.Translate(node, context);
        }

        foreach (var output in outputs)
        {
            onnx.AddOutput(output.Name, context.Nhwc(output.Tensor));
        }

        var metadata = new Dictionary<string, string>(model.Metadata, StringComparer.Ordinal) { ["source"] = model.Name };
        var built = onnx.Build(model.Name, Version, metadata);
        if (fuseActivations)
        {
            FusableActivations.Rewrite(built.Graph);
        }

        OutputShapeProbe.DeclareShapes(built);
        return built;
    }

    private static List<GraphPort> AllOutputs(TfjsGraphModel model)
    {
        var outputs = model.Outputs.ToList();
        if (FeatureOutputs.TryGetValue(model.Name, out var extra))
        {
            foreach (var tensor in extra)
            {
                Lookup(model, tensor);
                outputs.Add(new GraphPort(tensor, tensor));
            }
        }

        return outputs;
    }

    // Only nodes that feed an output are translated, each after all its inputs.
    private static List<TfjsNode> TopologicalOrder(TfjsGraphModel model, IReadOnlyList<GraphPort> outputs)
    {
        var order = new List<TfjsNode>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal);
        var stack = new Stack<(TfjsNode Node, bool Expanded)>();
        foreach (var output in outputs.Reverse())
        {
            stack.Push((Lookup(model, output.Tensor), false));
        }

        while (stack.Count > 0)
        {
            var (node, expanded) = stack.Pop();
            if (expanded)
            {
                state[node.Name] = true;
                order.Add(node);
                continue;
            }

            if (state.ContainsKey(node.Name))
            {
                continue;
            }

            state[node.Name] = false;
            stack.Push((node, true));
            foreach (var input in node.DataInputs.Reverse())
            {
                if (!state.ContainsKey(input))
                {
                    stack.Push((Lookup(model, input), false));
                }
            }
        }

        return order;
    }

    private static TfjsNode Lookup(TfjsGraphModel model, string name) =>
        model.Nodes.TryGetValue(name, out var node) ? node : throw new InvalidDataException($"Graph refers to a node '{name}' it does not define.");
}
