using System.Buffers.Binary;
using System.Text.Json;

namespace FaceAspire.Vision.ModelImport.Tfjs;

/// <summary>
/// Decodes a TensorFlow.js weights manifest: each group's files are concatenated and its weights follow each
/// other in manifest order. fp16 weights (plain or as <c>quantization.dtype</c>) are widened to fp32 and
/// uint8/uint16 affine-quantised weights are dequantised with their <c>scale</c> and <c>min</c>.
/// </summary>
internal static class TfjsWeightReader
{
    public static Dictionary<string, ConstTensor> Read(JsonElement manifest, string directory)
    {
        var constants = new Dictionary<string, ConstTensor>(StringComparer.Ordinal);
        foreach (var group in manifest.EnumerateArray())
        {
            var buffer = group.GetProperty("paths").EnumerateArray()
                .SelectMany(p => File.ReadAllBytes(Path.Combine(directory, p.GetString()!)))
                .ToArray();
            var offset = 0;
            foreach (var spec in group.GetProperty("weights").EnumerateArray())
            {
                var name = spec.GetProperty("name").GetString()!;
                var shape = spec.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                var count = checked((int)shape.Aggregate(1L, (a, b) => a * b));
                var tensor = Decode(name, spec, shape, count, buffer.AsSpan(offset), out var consumed);
                constants[name] = tensor;
                offset += consumed;
            }

            if (offset != buffer.Length)
            {
                throw new InvalidDataException($"Weights manifest describes {offset} bytes but its files hold {buffer.Length}.");
            }
        }

        return constants;
    }

    private static ConstTensor Decode(string name, JsonElement spec, long[] shape, int count, ReadOnlySpan<byte> data, out int consumed)
    {
        var dtype = spec.GetProperty("dtype").GetString();
        if (spec.TryGetProperty("quantization", out var quantization))
        {
            var values = Dequantize(name, quantization, count, data, out consumed);
            return dtype == "int32"
                ? ConstTensor.FromIntegers(shape, values.Select(v => (long)MathF.Round(v)).ToArray())
                : ConstTensor.FromFloats(shape, values);
        }

        switch (dtype)
        {
            case "float32":
                consumed = count * 4;
                var floats = new float[count];
                for (var i = 0; i < count; i++)
                {
                    floats[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]);
                }

                return ConstTensor.FromFloats(shape, floats);
            case "float16":
                consumed = count * 2;
                return ConstTensor.FromFloats(shape, WidenHalf(data, count));
            case "int32":
                consumed = count * 4;
                var integers = new long[count];
                for (var i = 0; i < count; i++)
                {
                    integers[i] = BinaryPrimitives.ReadInt32LittleEndian(data[(i * 4)..]);
                }

                return ConstTensor.FromIntegers(shape, integers);
            case "bool":
                consumed = count;
                return ConstTensor.FromIntegers(shape, data[..count].ToArray().Select(b => (long)(b != 0 ? 1 : 0)).ToArray());
            default:
                throw new NotSupportedException($"Weight '{name}' has dtype '{dtype}', which the importer does not read.");
        }
    }

    private static float[] Dequantize(string name, JsonElement quantization, int count, ReadOnlySpan<byte> data, out int consumed)
    {
        var storage = quantization.GetProperty("dtype").GetString();
        if (storage == "float16")
        {
            consumed = count * 2;
            return WidenHalf(data, count);
        }

        var scale = quantization.GetProperty("scale").GetSingle();
        var min = quantization.GetProperty("min").GetSingle();
        var values = new float[count];
        switch (storage)
        {
            case "uint8":
                consumed = count;
                for (var i = 0; i < count; i++)
                {
                    values[i] = (data[i] * scale) + min;
                }

                return values;
            case "uint16":
                consumed = count * 2;
                for (var i = 0; i < count; i++)
                {
                    values[i] = (BinaryPrimitives.ReadUInt16LittleEndian(data[(i * 2)..]) * scale) + min;
                }

                return values;
            default:
                throw new NotSupportedException($"Weight '{name}' is quantised as '{storage}', which the importer does not read.");
        }
    }

    private static float[] WidenHalf(ReadOnlySpan<byte> data, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(data[(i * 2)..]);
        }

        return values;
    }
}
