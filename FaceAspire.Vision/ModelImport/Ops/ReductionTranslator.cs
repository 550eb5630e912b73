using FaceAspire.Vision.ModelImport.Onnx;
using FaceAspire.Vision.ModelImport.Tfjs;

namespace FaceAspire.Vision.ModelImport.Ops;

/// <summary>
/// Reductions and Softmax. A global pooling (reduce over H and W of a 4-D NCHW tensor) runs in NCHW: without
/// keep_dims its [N, C] result is the same in either layout.
/// </summary>
internal sealed class ReductionTranslator : IOpTranslator
{
    private static readonly Dictionary<string, string> Reductions = new(StringComparer.Ordinal)
    {
        ["Mean"] = "ReduceMean", ["Sum"] = "ReduceSum", ["Max"] = "ReduceMax", ["Min"] = "ReduceMin", ["Prod"] = "ReduceProd",
    };

    public IReadOnlyCollection<string> Ops { get; } = [.. Reductions.Keys, "Softmax"];

    public void Translate(TfjsNode node, ImportContext context)
    {
        var input = node.DataInputs[0];
        if (node.Op == "Softmax")
        {
            // TensorFlow normalises over the last axis, ONNX (opset 13+) by default too.
            context.SetNhwc(node.Name, context.Onnx.Add("Softmax", node.Name, [context.Nhwc(input)]));
            return;
        }

        var axes = context.Const(node.DataInputs[1], node).RequireIntegers("reduction axes");
        var keepDims = node.GetBool("keep_dims");
        var spatial = context.HasNchw(input) && axes.Select(a => a < 0 ? a + 4 : a).Order().SequenceEqual([1L, 2L]);
        long[] onnxAxes = spatial ? [2, 3] : axes;
        var value = spatial ? context.Nchw(input) : context.Nhwc(input);
        var output = Reduce(context.Onnx, node, Reductions[node.Op], value, onnxAxes, keepDims);
        if (spatial && keepDims)
        {
            context.SetNchw(node.Name, output);
        }
        else
        {
            context.SetNhwc(node.Name, output);
        }
    }

    // Opset 17 takes ReduceSum's axes as an input and the other reductions' as an attribute.
    private static string Reduce(OnnxGraphBuilder onnx, TfjsNode node, string op, string value, long[] axes, bool keepDims)
    {
        var keep = OnnxAttributes.Int("keepdims", keepDims ? 1 : 0);
        return op == "ReduceSum"
            ? onnx.Add(op, node.Name, [value, onnx.AddAxes(node.Name + "/axes", axes)], keep)
            : onnx.Add(op, node.Name, [value], keep, OnnxAttributes.Ints("axes", axes));
    }
}
