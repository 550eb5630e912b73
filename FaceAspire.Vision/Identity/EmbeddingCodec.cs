using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace FaceAspire.Vision.Identity;

/// <summary>
/// The stored form of an identity descriptor: IEEE 754 half precision, little-endian, 2 bytes per dimension
/// (1,024 bytes for the 512-d descriptor). Half precision keeps the cosine of two unit descriptors to about 1e-3,
/// far below the gap between same- and different-person scores, and it is the element type of pgvector's
/// <c>halfvec</c>, so the same values can be served by pgvector where it is installed.
/// </summary>
public static class EmbeddingCodec
{
    /// <summary>Encodes <paramref name="embedding"/> as half-precision bytes.</summary>
    public static byte[] Encode(ReadOnlySpan<float> embedding)
    {
        var halves = new Half[embedding.Length];
        TensorPrimitives.ConvertToHalf(embedding, halves);
        var bytes = MemoryMarshal.AsBytes(halves.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Embeddings are stored little-endian.");
        }

        return bytes;
    }

    /// <summary>The half-precision values of <paramref name="stored"/>.</summary>
    /// <exception cref="ArgumentException">The byte count is odd.</exception>
    public static ReadOnlySpan<Half> AsHalves(ReadOnlySpan<byte> stored) => stored.Length % 2 == 0
        ? MemoryMarshal.Cast<byte, Half>(stored)
        : throw new ArgumentException("A stored embedding has an even number of bytes.", nameof(stored));

    /// <summary>Decodes <paramref name="stored"/> to single precision.</summary>
    public static float[] Decode(ReadOnlySpan<byte> stored)
    {
        var halves = AsHalves(stored);
        var values = new float[halves.Length];
        TensorPrimitives.ConvertToSingle(halves, values);
        return values;
    }
}
