using FaceAspire.Vision.ModelImport.Onnx;
using FaceAspire.Vision.ModelImport.Tfjs;

namespace FaceAspire.Vision.ModelImport.Ops;

/// <summary>MatMul and _FusedMatMul (a dense layer): Gemm carries the transposes and the bias.</summary>
internal sealed class MatMulTranslator : IOpTranslator
{
    public IReadOnlyCollection<string> Ops { get; } = ["MatMul", "_FusedMatMul"];

    public void Translate(TfjsNode node, ImportContext context)
    {
        var activation = node.Op == "_FusedMatMul" ? FusedActivations.ActivationOf(node) : null;
        var inputs = new List<string> { context.Nhwc(node.DataInputs[0]), context.Nhwc(node.DataInputs[1]) };
        if (node.Op == "_FusedMatMul")
        {
            inputs.Add(context.Nhwc(node.DataInputs[2]));
        }

        var product = context.Onnx.Add(
            "Gemm",
            activation is null ? node.Name : node.Name + "/gemm",
            inputs,
            OnnxAttributes.Int("transA", node.GetBool("transpose_a") ? 1 : 0),
            OnnxAttributes.Int("transB", node.GetBool("transpose_b") ? 1 : 0));
        context.SetNhwc(node.Name, FusedActivations.Apply(context, node, product, activation, nchw: false));
    }
}
