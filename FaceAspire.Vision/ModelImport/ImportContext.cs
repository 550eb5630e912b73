using FaceAspire.Vision.ModelImport.Onnx;
using FaceAspire.Vision.ModelImport.Tfjs;

namespace FaceAspire.Vision.ModelImport;

/// <summary>
/// State of one import: which ONNX value holds each TensorFlow tensor, in which layout. A 4-D tensor may exist
/// as NHWC (TensorFlow's own layout), as NCHW (ONNX Conv's layout), or both; each form is made once, on demand,
/// so a chain of convolutions and element-wise ops stays in NCHW without a Transpose between every pair.
/// </summary>
internal sealed class ImportContext(TfjsGraphModel model, OnnxGraphBuilder onnx)
{
    public static readonly long[] NhwcToNchw = [0, 3, 1, 2];
    public static readonly long[] NchwToNhwc = [0, 2, 3, 1];

    private readonly Dictionary<string, string> _nhwc = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nchw = new(StringComparer.Ordinal);

    public TfjsGraphModel Model { get; } = model;

    public OnnxGraphBuilder Onnx { get; } = onnx;

    public bool IsConst(string tensor) =>
        Model.Constants.ContainsKey(tensor) && Model.Nodes.TryGetValue(tensor, out var node) && node.Op == "Const";

    public ConstTensor Const(string tensor, TfjsNode user) =>
        IsConst(tensor) ? Model.Constants[tensor] : throw user.Unsupported($"input '{tensor}' must be a constant");

    /// <summary>True when the tensor was produced in NCHW (so it is 4-D and NCHW consumers need no Transpose).</summary>
    public bool HasNchw(string tensor) => _nchw.ContainsKey(tensor);

    public void SetNhwc(string tensor, string value) => _nhwc[tensor] = value;

    public void SetNchw(string tensor, string value) => _nchw[tensor] = value;

    /// <summary>Makes <paramref name="tensor"/> another name for every form of <paramref name="source"/> (Identity).</summary>
    public void Alias(string tensor, string source)
    {
        if (_nchw.TryGetValue(source, out var nchw))
        {
            _nchw[tensor] = nchw;
        }

        if (_nhwc.TryGetValue(source, out var nhwc) || nchw is null)
        {
            _nhwc[tensor] = nhwc ?? Nhwc(source);
        }
    }

    /// <summary>The ONNX value holding <paramref name="tensor"/> in TensorFlow's layout.</summary>
    public string Nhwc(string tensor)
    {
        if (_nhwc.TryGetValue(tensor, out var value))
        {
            return value;
        }

        if (IsConst(tensor))
        {
            value = AddConstant(tensor, Model.Constants[tensor]);
        }
        else if (_nchw.TryGetValue(tensor, out var nchw))
        {
            value = Onnx.Add("Transpose", tensor, [nchw], OnnxAttributes.Ints("perm", NchwToNhwc));
        }
        else
        {
            throw new InvalidOperationException($"Tensor '{tensor}' is used before the node that makes it was translated.");
        }

        _nhwc[tensor] = value;
        return value;
    }

    /// <summary>The ONNX value holding 4-D <paramref name="tensor"/> in NCHW.</summary>
    public string Nchw(string tensor)
    {
        if (_nchw.TryGetValue(tensor, out var value))
        {
            return value;
        }

        value = IsConst(tensor)
            ? AddConstant(tensor + "/nchw", Transposed(Model.Constants[tensor], NhwcToNchw))
            : Onnx.Add("Transpose", tensor + "/nchw", [Nhwc(tensor)], OnnxAttributes.Ints("perm", NhwcToNchw));
        _nchw[tensor] = value;
        return value;
    }

    /// <summary>
    /// A constant that broadcasts against an NHWC tensor, rewritten to broadcast the same way against the NCHW
    /// form; null when its rank makes that impossible (the caller then stays in NHWC).
    /// </summary>
    public string? ConstForNchw(string tensor)
    {
        var constant = Model.Constants[tensor];
        return constant.Shape.Length switch
        {
            0 => Nhwc(tensor),
            1 when constant.Shape[0] == 1 => Nhwc(tensor),
            1 => AddConstant(tensor + "/nchw", constant.Reshaped(constant.Shape[0], 1, 1)),
            3 => AddConstant(tensor + "/nchw", Transposed(constant, [2, 0, 1])),
            4 => Nchw(tensor),
            _ => null,
        };
    }

    public string AddConstant(string stem, ConstTensor constant) =>
        constant.IsFloat
            ? Onnx.AddFloats(stem, constant.Shape, constant.Floats!)
            : Onnx.AddInt64s(stem, constant.Shape, constant.Integers!);

    /// <summary>Permutes the axes of a constant at import time, so no Transpose runs at inference time.</summary>
    public static ConstTensor Transposed(ConstTensor constant, long[] perm)
    {
        var shape = constant.Shape;
        var rank = shape.Length;
        var outShape = perm.Select(p => shape[p]).ToArray();
        var inStrides = Strides(shape);
        var count = checked((int)constant.ElementCount);
        var source = new int[count];
        var index = new long[rank];
        for (var o = 0; o < count; o++)
        {
            long offset = 0;
            for (var d = 0; d < rank; d++)
            {
                offset += index[d] * inStrides[perm[d]];
            }

            source[o] = (int)offset;
            for (var d = rank - 1; d >= 0 && ++index[d] == outShape[d]; d--)
            {
                index[d] = 0;
            }
        }

        return constant.IsFloat
            ? ConstTensor.FromFloats(outShape, source.Select(s => constant.Floats![s]).ToArray())
            : ConstTensor.FromIntegers(outShape, source.Select(s => constant.Integers![s]).ToArray());
    }

    private static long[] Strides(long[] shape)
    {
        var strides = new long[shape.Length];
        long stride = 1;
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= shape[d];
        }

        return strides;
    }
}
