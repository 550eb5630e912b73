using FaceAspire.Vision.ModelImport.Onnx;
using FaceAspire.Vision.ModelImport.Tfjs;

namespace FaceAspire.Vision.ModelImport.Ops;

/// <summary>
/// MaxPool and AvgPool in NCHW. TensorFlow's average over a SAME-padded window leaves the padding out of the
/// count, which is ONNX's default (count_include_pad = 0).
/// </summary>
internal sealed class PoolingTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> Ops { get; } = ["MaxPool", "AvgPool"];

    public void Translate(TfjsNode node, ImportContext context)
    {
        if (node.GetString("data_format", "NHWC") != "NHWC")
        {
            throw node.Unsupported("data_format other than NHWC");
        }

        var ksize = node.GetInts("ksize");
        if (ksize.Length != 4 || ksize[0] != 1 || ksize[3] != 1)
        {
            throw node.Unsupported("pooling across batch or channels");
        }

        var attributes = SpatialAttributes.Window(node, "strides")
            .Append(OnnxAttributes.Ints("kernel_shape", ksize[1], ksize[2]))
            .ToArray();
        var op = node.Op == "MaxPool" ? "MaxPool" : "AveragePool";
        context.SetNchw(node.Name, context.Onnx.Add(op, node.Name, [context.Nchw(node.DataInputs[0])], attributes));
    }
}
