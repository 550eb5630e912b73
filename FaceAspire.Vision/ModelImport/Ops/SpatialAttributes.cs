using FaceAspire.Vision.ModelImport.Onnx;
using FaceAspire.Vision.ModelImport.Tfjs;
using FaceAspire.Vision.Protos.Onnx;

namespace FaceAspire.Vision.ModelImport.Ops;

/// <summary>Strides and padding of NHWC windowed ops, as ONNX NCHW attributes.</summary>
internal static class SpatialAttributes
{
    /// <summary>The H and W entries of a 4-value NHWC list attribute (strides, dilations, ksize).</summary>
    public static long[] HeightWidth(long[] nhwc, long fallback) =>
        nhwc.Length == 4 ? [nhwc[1], nhwc[2]] : [fallback, fallback];

    /// <summary>
    /// Strides plus padding. TensorFlow's SAME puts the odd pixel after, exactly as ONNX SAME_UPPER;
    /// EXPLICIT lists (before, after) pairs per NHWC axis, ONNX wants [top, left, bottom, right].
    /// </summary>
    public static IEnumerable<AttributeProto> Window(TfjsNode node, string stridesAttribute)
    {
        yield return OnnxAttributes.Ints("strides", HeightWidth(node.GetInts(stridesAttribute), 1));
        var padding = node.GetString("padding", "VALID");
        switch (padding)
        {
            case "SAME":
                yield return OnnxAttributes.String("auto_pad", "SAME_UPPER");
                break;
            case "VALID":
                yield return OnnxAttributes.Ints("pads", 0, 0, 0, 0);
                break;
            case "EXPLICIT":
                var p = node.GetInts("explicit_paddings");
                if (p.Length != 8)
                {
                    throw node.Unsupported("explicit_paddings must hold 8 values");
                }

                yield return OnnxAttributes.Ints("pads", p[2], p[4], p[3], p[5]);
                break;
            default:
                throw node.Unsupported($"padding '{padding}'");
        }
    }
}
