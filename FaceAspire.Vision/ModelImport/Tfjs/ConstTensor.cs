namespace FaceAspire.Vision.ModelImport.Tfjs;

/// <summary>
/// A constant of the TensorFlow.js graph, already decoded: floating-point weights (fp16 and quantised ones
/// widened to fp32) or integers. TensorFlow int32 constants are held as int64 because ONNX shape inputs are int64.
/// </summary>
internal sealed class ConstTensor
{
    private ConstTensor(long[] shape, float[]? floats, long[]? integers)
    {
        Shape = shape;
        Floats = floats;
        Integers = integers;
    }

    public long[] Shape { get; }

    public float[]? Floats { get; }

    public long[]? Integers { get; }

    public bool IsFloat => Floats is not null;

    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    public static ConstTensor FromFloats(long[] shape, float[] values) => new(shape, values, null);

    public static ConstTensor FromIntegers(long[] shape, long[] values) => new(shape, null, values);

    public float[] RequireFloats(string what) =>
        Floats ?? throw new NotSupportedException($"{what} must be a floating-point constant.");

    public long[] RequireIntegers(string what) =>
        Integers ?? throw new NotSupportedException($"{what} must be an integer constant.");

    public ConstTensor Reshaped(params long[] shape) =>
        new(shape, Floats, Integers);
}
