using System.Security.Cryptography;
using System.Text;

namespace FaceAspire.Evaluation.Datasets;

/// <summary>Which half of a dataset a sample belongs to.</summary>
public enum SplitSide
{
    /// <summary>May be used to tune thresholds, calibrations and models.</summary>
    Train,

    /// <summary>Held out: the only side evaluation reports figures for.</summary>
    Validation,
}

/// <summary>
/// The deterministic train/validation split. A sample's side is a function of a key alone: the identity
/// (person) where the dataset has one, otherwise the file name. The key is hashed with SHA-256 after the
/// fixed prefix <see cref="Salt"/>; the first 8 bytes, read big-endian, modulo 1000, below
/// <see cref="ValidationPerMille"/> put the key on the validation side. Because only the key is hashed, the
/// same CelebA identity falls on the same side in every CelebA-derived folder, and no person appears on both
/// sides of any dataset.
/// </summary>
public static class DatasetSplit
{
    /// <summary>Prefix hashed before every key; changing it reshuffles every split.</summary>
    public const string Salt = "faceaspire-eval-split-v1:";

    /// <summary>Share of keys on the validation side, in thousandths.</summary>
    public const int ValidationPerMille = 500;

    /// <summary>The side of <paramref name="key"/>.</summary>
    public static SplitSide SideOf(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(Salt + key), hash);
        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash);
        return value % 1000 < ValidationPerMille ? SplitSide.Validation : SplitSide.Train;
    }
}
