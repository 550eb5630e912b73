using FaceAspire.Vision.ModelImport.Onnx;
using FaceAspire.Vision.ModelImport.Tfjs;
using FaceAspire.Vision.Protos.Onnx;

namespace FaceAspire.Vision.ModelImport.Ops;

/// <summary>
/// Conv2D and DepthwiseConv2dNative, plain and fused. Filters are rearranged at import time to ONNX's
/// [out, in/group, kh, kw]; the convolution runs in NCHW and the bias goes into Conv's own B input.
/// </summary>
internal sealed class ConvolutionTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> Ops { get; } = ["Conv2D", "_FusedConv2D", "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative"];

    public void Translate(TfjsNode node, ImportContext context)
    {
        if (node.GetString("data_format", "NHWC") != "NHWC")
        {
            throw node.Unsupported("data_format other than NHWC");
        }

        var depthwise = node.Op.Contains("Depthwise", StringComparison.Ordinal);
        var filter = context.Const(node.DataInputs[1], node);
        var inChannels = filter.Shape[2];
        var weights = depthwise ? DepthwiseWeights(filter) : ImportContext.Transposed(filter, [3, 2, 0, 1]);

        var activation = FusedActivations.ActivationOf(node);
        var inputs = new List<string> { context.Nchw(node.DataInputs[0]), context.AddConstant(node.DataInputs[1] + "/oihw", weights) };
        if (node.GetStrings("fused_ops").Length > 0)
        {
            inputs.Add(context.Nhwc(node.DataInputs[2]));
        }

        var attributes = new List<AttributeProto>(SpatialAttributes.Window(node, "strides"))
        {
            OnnxAttributes.Ints("dilations", SpatialAttributes.HeightWidth(node.GetInts("dilations"), 1)),
            OnnxAttributes.Ints("kernel_shape", filter.Shape[0], filter.Shape[1]),
        };
        if (depthwise)
        {
            attributes.Add(OnnxAttributes.Int("group", inChannels));
        }

        var convolved = context.Onnx.Add("Conv", node.Name + "/conv", inputs, [.. attributes]);
        context.SetNchw(node.Name, FusedActivations.Apply(context, node, convolved, activation, nchw: true));
    }

    // TensorFlow's depthwise filter is [kh, kw, in, multiplier]; output channel c*multiplier+k reads input c.
    private static ConstTensor DepthwiseWeights(ConstTensor filter)
    {
        var transposed = ImportContext.Transposed(filter, [2, 3, 0, 1]);
        return transposed.Reshaped(filter.Shape[2] * filter.Shape[3], 1, filter.Shape[0], filter.Shape[1]);
    }
}
