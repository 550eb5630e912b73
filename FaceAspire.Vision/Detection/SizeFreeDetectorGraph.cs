using System.Runtime.InteropServices;
using FaceAspire.Vision.Protos.Onnx;
using Google.Protobuf;

namespace FaceAspire.Vision.Detection;

/// <summary>
/// Frees the input height and width of an imported BlazeFace graph so one call can look at a whole photo.
/// BlazeFace is fully convolutional (SAME-padded convolutions, max pools, channel pads) up to the final
/// reshapes into [1, anchors, values]; those fix the anchor count of a 256x256 input, so their constant
/// shapes become [1, -1, values]. Run on a W x H input (multiples of 32), the model then emits one anchor
/// row per cell of a (W/16) x (H/16) and a (W/32) x (H/32) grid, row by row, exactly as it does on 256x256:
/// the same weights looking at every 16-pixel step of the input, with no tiles, overlaps or cut faces.
/// </summary>
internal static class SizeFreeDetectorGraph
{
    /// <summary>The serialised model with its input height and width freed.</summary>
    public static byte[] Rewrite(byte[] fixedSizeModel)
    {
        var model = ModelProto.Parser.ParseFrom(fixedSizeModel);
        var graph = model.Graph;
        var input = graph.Input.Single().Type.TensorType.Shape.Dim;
        if (input.Count != 4)
        {
            throw new InvalidOperationException("The detector's input is not NHWC.");
        }

        input[1] = new TensorShapeProto.Types.Dimension { DimParam = "height" };
        input[2] = new TensorShapeProto.Types.Dimension { DimParam = "width" };

        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var rewritten = 0;
        foreach (var node in graph.Node.Where(n => n.OpType == "Reshape"))
        {
            if (initializers.TryGetValue(node.Input[1], out var shape)
                && shape.DataType == (int)TensorProto.Types.DataType.Int64
                && MemoryMarshal.Cast<byte, long>(shape.RawData.Span).ToArray() is [1, > 0, var values])
            {
                shape.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes<long>([1, -1, values]));
                rewritten++;
            }
        }

        if (rewritten == 0)
        {
            throw new InvalidOperationException("The detector graph has no [1, anchors, values] reshape to free.");
        }

        foreach (var output in graph.Output)
        {
            if (output.Type.TensorType.Shape is { Dim.Count: 3 } declared)
            {
                declared.Dim[1] = new TensorShapeProto.Types.Dimension { DimParam = "anchors" };
            }
        }

        return model.ToByteArray();
    }
}
