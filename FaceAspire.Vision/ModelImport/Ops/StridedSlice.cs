using FaceAspire.Vision.ModelImport.Tfjs;

namespace FaceAspire.Vision.ModelImport.Ops;

/// <summary>
/// TensorFlow StridedSlice as ONNX Slice (+ Squeeze for shrink_axis_mask). Masks: a begin/end bit means
/// "from the start / to the end" in the stride's direction; a shrink bit takes one element and drops the axis.
/// </summary>
internal static class StridedSlice
{
    public static string Translate(TfjsNode node, ImportContext context)
    {
        if (node.GetInt("ellipsis_mask") != 0 || node.GetInt("new_axis_mask") != 0)
        {
            throw node.Unsupported("ellipsis_mask and new_axis_mask");
        }

        var begin = context.Const(node.DataInputs[1], node).RequireIntegers("StridedSlice begin");
        var end = context.Const(node.DataInputs[2], node).RequireIntegers("StridedSlice end");
        var strides = context.Const(node.DataInputs[3], node).RequireIntegers("StridedSlice strides").ToArray();
        var beginMask = node.GetInt("begin_mask");
        var endMask = node.GetInt("end_mask");
        var shrinkMask = node.GetInt("shrink_axis_mask");

        var starts = new long[begin.Length];
        var ends = new long[begin.Length];
        var squeeze = new List<long>();
        for (var axis = 0; axis < begin.Length; axis++)
        {
            var bit = 1L << axis;
            var forward = strides[axis] > 0;
            starts[axis] = (beginMask & bit) != 0 ? (forward ? 0 : long.MaxValue) : begin[axis];
            ends[axis] = (endMask & bit) != 0 ? (forward ? long.MaxValue : long.MinValue) : end[axis];
            if ((shrinkMask & bit) != 0)
            {
                starts[axis] = begin[axis];
                ends[axis] = begin[axis] == -1 ? long.MaxValue : begin[axis] + 1;
                strides[axis] = 1;
                squeeze.Add(axis);
            }
        }

        var onnx = context.Onnx;
        var axes = Enumerable.Range(0, begin.Length).Select(a => (long)a).ToArray();
        var sliced = onnx.Add(
            "Slice",
            squeeze.Count > 0 ? node.Name + "/slice" : node.Name,
            [context.Nhwc(node.DataInputs[0]), onnx.AddAxes(node.Name + "/starts", starts), onnx.AddAxes(node.Name + "/ends", ends), onnx.AddAxes(node.Name + "/axes", axes), onnx.AddAxes(node.Name + "/steps", strides)]);
        return squeeze.Count > 0 ? onnx.Add("Squeeze", node.Name, [sliced, onnx.AddAxes(node.Name + "/squeeze", [.. squeeze])]) : sliced;
    }
}
