using FaceAspire.Vision.ModelImport.Onnx;
using FaceAspire.Vision.ModelImport.Tfjs;

namespace FaceAspire.Vision.ModelImport.Ops;

/// <summary>
/// Element-wise ops. When every non-constant operand already lives in NCHW and every constant can broadcast
/// the same way there, the op runs in NCHW so convolution chains need no Transpose; otherwise in NHWC.
/// </summary>
internal sealed class ElementwiseTranslator : IOpTranslator
{
    private static readonly Dictionary<string, string> Binary = new(StringComparer.Ordinal)
    {
        ["Add"] = "Add", ["AddV2"] = "Add", ["BiasAdd"] = "Add", ["Sub"] = "Sub", ["Mul"] = "Mul",
        ["RealDiv"] = "Div", ["Div"] = "Div", ["Maximum"] = "Max", ["Minimum"] = "Min", ["Prelu"] = "PRelu",
        ["Pow"] = "Pow",
    };

    private static readonly Dictionary<string, string> Unary = new(StringComparer.Ordinal)
    {
        ["Relu"] = "Relu", ["Sigmoid"] = "Sigmoid", ["Tanh"] = "Tanh", ["Abs"] = "Abs", ["Sqrt"] = "Sqrt",
        ["Exp"] = "Exp", ["Log"] = "Log", ["Neg"] = "Neg", ["Elu"] = "Elu", ["Floor"] = "Floor",
        ["Selu"] = "Selu", ["Softplus"] = "Softplus",
    };

    public IReadOnlyCollection<string> Ops { get; } = [.. Binary.Keys, .. Unary.Keys, "Relu6", "LeakyRelu", "Square", "Rsqrt", "SquaredDifference"];

    public void Translate(TfjsNode node, ImportContext context)
    {
        var inputs = node.DataInputs;
        var nchw = CanRunInNchw(inputs, context);
        var operands = inputs.Select(i => Operand(i, nchw, context)).ToArray();
        var onnx = context.Onnx;
        var output = node.Op switch
        {
            _ when Binary.TryGetValue(node.Op, out var op) => onnx.Add(op, node.Name, operands),
            _ when Unary.TryGetValue(node.Op, out var op) => onnx.Add(op, node.Name, operands),
            "Relu6" => onnx.Add("Clip", node.Name, [operands[0], onnx.AddFloats("zero", [], [0f]), onnx.AddFloats("six", [], [6f])]),
            "LeakyRelu" => onnx.Add("LeakyRelu", node.Name, operands, OnnxAttributes.Float("alpha", node.GetFloat("alpha", 0.2f))),
            "Square" => onnx.Add("Mul", node.Name, [operands[0], operands[0]]),
            "Rsqrt" => onnx.Add("Reciprocal", node.Name, [onnx.Add("Sqrt", node.Name + "/sqrt", operands)]),
            "SquaredDifference" => Squared(onnx, node, onnx.Add("Sub", node.Name + "/sub", operands)),
            _ => throw node.Unsupported("not an element-wise op"),
        };

        if (nchw)
        {
            context.SetNchw(node.Name, output);
        }
        else
        {
            context.SetNhwc(node.Name, output);
        }
    }

    private static string Squared(OnnxGraphBuilder onnx, TfjsNode node, string value) =>
        onnx.Add("Mul", node.Name, [value, value]);

    private static bool CanRunInNchw(IReadOnlyList<string> inputs, ImportContext context)
    {
        var variables = inputs.Where(i => !context.IsConst(i)).ToArray();
        return variables.Length > 0
            && variables.All(context.HasNchw)
            && inputs.Where(context.IsConst).All(c => context.Model.Constants[c].Shape.Length is 0 or 1 or 3 or 4);
    }

    private static string Operand(string input, bool nchw, ImportContext context)
    {
        if (!nchw)
        {
            return context.Nhwc(input);
        }

        return context.IsConst(input) ? context.ConstForNchw(input)! : context.Nchw(input);
    }
}
