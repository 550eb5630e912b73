using FaceAspire.Vision.ModelImport.Onnx;
using FaceAspire.Vision.ModelImport.Tfjs;

namespace FaceAspire.Vision.ModelImport.Ops;

/// <summary>
/// Ops that move data without arithmetic. They run in NHWC, since their constants (shapes, axes, begin/end)
/// are written for it; Pad and ConcatV2 of NCHW tensors remap their axes and stay in NCHW.
/// </summary>
internal sealed class ShapeTranslator : IOpTranslator
{
    // Position of each NHWC axis in NCHW.
    private static readonly long[] NchwAxisOf = [0, 2, 3, 1];

    public IReadOnlyCollection<string> Ops { get; } =
        ["Identity", "Reshape", "Squeeze", "ExpandDims", "ConcatV2", "Pack", "Shape", "StridedSlice", "Pad", "PadV2", "Cast"];

    public void Translate(TfjsNode node, ImportContext context)
    {
        var onnx = context.Onnx;
        var inputs = node.DataInputs;
        switch (node.Op)
        {
            case "Identity":
                context.Alias(node.Name, inputs[0]);
                return;
            case "Pad" or "PadV2":
                Pad(node, context);
                return;
            case "ConcatV2":
                Concat(node, context);
                return;
        }

        var output = node.Op switch
        {
            "Reshape" => onnx.Add("Reshape", node.Name, [context.Nhwc(inputs[0]), context.Nhwc(inputs[1])]),
            "Squeeze" => node.GetInts("squeeze_dims") is { Length: > 0 } dims
                ? onnx.Add("Squeeze", node.Name, [context.Nhwc(inputs[0]), onnx.AddAxes(node.Name + "/axes", dims)])
                : onnx.Add("Squeeze", node.Name, [context.Nhwc(inputs[0])]),
            "ExpandDims" => onnx.Add("Unsqueeze", node.Name, [context.Nhwc(inputs[0]), onnx.AddAxes(node.Name + "/axes", context.Const(inputs[1], node).RequireIntegers("ExpandDims axis"))]),
            "Pack" => Pack(node, context),
            "Shape" => onnx.Add("Shape", node.Name, [context.Nhwc(inputs[0])]),
            "StridedSlice" => StridedSlice.Translate(node, context),
            "Cast" => Cast(node, context),
            _ => throw node.Unsupported("not a shape op"),
        };
        context.SetNhwc(node.Name, output);
    }

    private static void Pad(TfjsNode node, ImportContext context)
    {
        var paddings = context.Const(node.DataInputs[1], node).RequireIntegers("Pad paddings");
        var rank = paddings.Length / 2;
        var nchw = rank == 4 && context.HasNchw(node.DataInputs[0]);
        var pads = new long[paddings.Length];
        for (var axis = 0; axis < rank; axis++)
        {
            var target = nchw ? NchwAxisOf[axis] : axis;
            pads[target] = paddings[2 * axis];
            pads[target + rank] = paddings[(2 * axis) + 1];
        }

        var inputs = new List<string> { nchw ? context.Nchw(node.DataInputs[0]) : context.Nhwc(node.DataInputs[0]), context.Onnx.AddAxes(node.Name + "/pads", pads) };
        if (node.Op == "PadV2")
        {
            inputs.Add(context.Nhwc(node.DataInputs[2]));
        }

        var output = context.Onnx.Add("Pad", node.Name, inputs, OnnxAttributes.String("mode", "constant"));
        if (nchw)
        {
            context.SetNchw(node.Name, output);
        }
        else
        {
            context.SetNhwc(node.Name, output);
        }
    }

    private static void Concat(TfjsNode node, ImportContext context)
    {
        var values = node.DataInputs.Take(node.DataInputs.Count - 1).ToArray();
        var axis = context.Const(node.DataInputs[^1], node).RequireIntegers("ConcatV2 axis")[0];
        var nchw = values.All(v => !context.IsConst(v) && context.HasNchw(v));
        if (nchw)
        {
            var output = context.Onnx.Add("Concat", node.Name, values.Select(context.Nchw), OnnxAttributes.Int("axis", NchwAxisOf[axis < 0 ? axis + 4 : axis]));
            context.SetNchw(node.Name, output);
        }
        else
        {
            context.SetNhwc(node.Name, context.Onnx.Add("Concat", node.Name, values.Select(context.Nhwc), OnnxAttributes.Int("axis", axis)));
        }
    }

    private static string Pack(TfjsNode node, ImportContext context)
    {
        var axis = node.GetInt("axis");
        var axes = context.Onnx.AddAxes(node.Name + "/axis", axis);
        var expanded = node.DataInputs.Select(i => context.Onnx.Add("Unsqueeze", node.Name + "/expand", [context.Nhwc(i), axes])).ToArray();
        return context.Onnx.Add("Concat", node.Name, expanded, OnnxAttributes.Int("axis", axis));
    }

    // TensorFlow int32 tensors are int64 in the ONNX graph (see ConstTensor).
    private static string Cast(TfjsNode node, ImportContext context)
    {
        var target = node.Attributes.TryGetValue("DstT", out var dst) ? dst.GetProperty("type").GetString() : null;
        long onnxType = target switch
        {
            "DT_FLOAT" => 1,
            "DT_INT32" or "DT_INT64" => 7,
            "DT_BOOL" => 9,
            _ => throw node.Unsupported($"cast to {target}"),
        };
        return context.Onnx.Add("Cast", node.Name, [context.Nhwc(node.DataInputs[0])], OnnxAttributes.Int("to", onnxType));
    }
}
