using FaceAspire.Vision.ModelImport.Onnx;
using FaceAspire.Vision.ModelImport.Tfjs;

namespace FaceAspire.Vision.ModelImport.Ops;

/// <summary>
/// Unfuses the <c>fused_ops</c> of <c>_FusedConv2D</c>, <c>FusedDepthwiseConv2dNative</c> and <c>_FusedMatMul</c>:
/// the first is BiasAdd (its operand is the node's third input), then at most one activation whose extra
/// operand, for Prelu, is the fourth input.
/// </summary>
internal static class FusedActivations
{
    /// <summary>The fused ops after BiasAdd; throws for fusions TensorFlow.js makes but these graphs never use.</summary>
    public static string? ActivationOf(TfjsNode node)
    {
        var fused = node.GetStrings("fused_ops");
        if (fused.Length == 0)
        {
            return null;
        }

        if (fused[0] != "BiasAdd" || fused.Length > 2)
        {
            throw node.Unsupported($"fused ops [{string.Join(", ", fused)}] (only BiasAdd followed by one activation)");
        }

        return fused.Length == 2 ? fused[1] : null;
    }

    /// <summary>Appends <paramref name="activation"/> to <paramref name="input"/>, in NCHW when <paramref name="nchw"/>.</summary>
    public static string Apply(ImportContext context, TfjsNode node, string input, string? activation, bool nchw)
    {
        var onnx = context.Onnx;
        var output = node.Name + "/" + activation;
        switch (activation)
        {
            case null:
                return input;
            case "Relu":
                return onnx.Add("Relu", output, [input]);
            case "Relu6":
                return onnx.Add("Clip", output, [input, onnx.AddFloats("zero", [], [0f]), onnx.AddFloats("six", [], [6f])]);
            case "Sigmoid":
                return onnx.Add("Sigmoid", output, [input]);
            case "Tanh":
                return onnx.Add("Tanh", output, [input]);
            case "Elu":
                return onnx.Add("Elu", output, [input]);
            case "LeakyRelu":
                return onnx.Add("LeakyRelu", output, [input], OnnxAttributes.Float("alpha", node.GetFloat("leakyrelu_alpha", 0.2f)));
            case "Prelu":
                var alphaName = node.DataInputs[3];
                var alpha = nchw ? context.ConstForNchw(alphaName) : context.Nhwc(alphaName);
                return onnx.Add("PRelu", output, [input, alpha ?? throw node.Unsupported("Prelu alpha of a shape that cannot follow NCHW")]);
            default:
                throw node.Unsupported($"fused activation '{activation}'");
        }
    }
}
