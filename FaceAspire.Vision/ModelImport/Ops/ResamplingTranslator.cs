using FaceAspire.Vision.ModelImport.Onnx;
using FaceAspire.Vision.ModelImport.Tfjs;

namespace FaceAspire.Vision.ModelImport.Ops;

/// <summary>DepthToSpace and image resizing, both in NCHW.</summary>
internal sealed class ResamplingTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> Ops { get; } = ["DepthToSpace", "ResizeBilinear", "ResizeNearestNeighbor"];

    public void Translate(TfjsNode node, ImportContext context)
    {
        var input = context.Nchw(node.DataInputs[0]);
        var output = node.Op == "DepthToSpace" ? DepthToSpace(node, context, input) : Resize(node, context, input);
        context.SetNchw(node.Name, output);
    }

    // TensorFlow's NHWC DepthToSpace reads channel (row * block + column) * C_out + c: ONNX's DCR order.
    private static string DepthToSpace(TfjsNode node, ImportContext context, string input)
    {
        if (node.GetString("data_format", "NHWC") != "NHWC")
        {
            throw node.Unsupported("data_format other than NHWC");
        }

        return context.Onnx.Add("DepthToSpace", node.Name, [input], OnnxAttributes.Int("blocksize", node.GetInt("block_size")), OnnxAttributes.String("mode", "DCR"));
    }

    // The target size is [height, width]; ONNX wants all four NCHW sizes, so N and C come from the input.
    private static string Resize(TfjsNode node, ImportContext context, string input)
    {
        var onnx = context.Onnx;
        var shape = onnx.Add("Shape", node.Name + "/shape", [input]);
        var batchAndChannels = onnx.Add("Slice", node.Name + "/nc", [shape, onnx.AddAxes(node.Name + "/start", 0), onnx.AddAxes(node.Name + "/end", 2)]);
        var sizes = onnx.Add("Concat", node.Name + "/sizes", [batchAndChannels, context.Nhwc(node.DataInputs[1])], OnnxAttributes.Int("axis", 0));
        var coordinates = node.GetBool("align_corners") ? "align_corners"
            : node.GetBool("half_pixel_centers") ? (node.Op == "ResizeBilinear" ? "half_pixel" : "tf_half_pixel_for_nn")
            : "asymmetric";
        var attributes = new List<Protos.Onnx.AttributeProto>
        {
            OnnxAttributes.String("mode", node.Op == "ResizeBilinear" ? "linear" : "nearest"),
            OnnxAttributes.String("coordinate_transformation_mode", coordinates),
        };
        if (node.Op == "ResizeNearestNeighbor")
        {
            attributes.Add(OnnxAttributes.String("nearest_mode", node.GetBool("align_corners") ? "round_prefer_ceil" : "floor"));
        }

        return onnx.Add("Resize", node.Name, [input, string.Empty, string.Empty, sizes], [.. attributes]);
    }
}
