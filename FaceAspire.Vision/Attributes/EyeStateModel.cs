using System.Text.Json;
using System.Text.Json.Serialization;
using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Landmarks;

namespace FaceAspire.Vision.Attributes;

/// <summary>
/// Eye state (open or closed) from one 24x24 grayscale eye patch: a logistic model or a one-hidden-layer perceptron
/// over standardised patch features (contrast-normalised pixels and/or gradient-orientation histograms, see <see cref="Describe"/>),
/// trained on CEW's eye patches and on eyes cut the same way from Yale and CelebA faces by <c>faceaspire
/// train-eye-model</c> (docs/ATTRIBUTE-HEADS.md). At run time each eye is cut from the image with the face mesh
/// (<see cref="Crop"/>), framed like the training patches, and the two
/// scores feed the <c>eyemodel</c> block of <see cref="AttributeFeatures"/>. Plain C# maths.
/// </summary>
public sealed record EyeStateModel
{
    /// <summary>Side of a patch in pixels.</summary>
    public const int Size = 24;

    /// <summary>Values <see cref="Measure"/> writes: the mean and the smaller of the two eyes' open-eye scores.</summary>
    public const int Count = 2;

    /// <summary>The feature kinds <see cref="Describe"/> knows, in vector order.</summary>
    public static IReadOnlyList<string> FeatureKinds { get; } = ["pixels", "hog"];

    private const string Resource = "FaceAspire.Vision.EyeModel.EyeState.json";
    private const int HogCell = 6;
    private const int HogBins = 9;

    private static readonly Lazy<EyeStateModel> Shipped = new(LoadEmbedded);

    /// <summary>Feature kinds read, in <see cref="FeatureKinds"/> order.</summary>
    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>Side of the eye crop in eye widths (corner to corner).</summary>
    public required float CropScale { get; init; }

    /// <summary>Shift of the crop centre along the face's vertical axis in eye widths (negative: towards the brow).</summary>
    public required float CropShift { get; init; }

    /// <summary>Whether each eye's score is the mean of the crop's and its left-right mirror's (the model is trained on both).</summary>
    public bool MirrorAverage { get; init; }

    public required float[] Mean { get; init; }

    public required float[] Scale { get; init; }

    /// <summary>Output weights: one per feature (logistic model), or one per hidden unit when <see cref="HiddenWeights"/> is set.</summary>
    public required float[] Weights { get; init; }

    public required float Bias { get; init; }

    /// <summary>
    /// Optional hidden layer (a one-hidden-layer perceptron): <c>HiddenBias.Length</c> ReLU units, row-major weights
    /// (unit by feature) over the standardised features; null for a plain logistic model. Stored as base64 of
    /// little-endian IEEE half-precision values (<see cref="HalfArrayBase64Converter"/>) to keep the file small;
    /// the trainer rounds them to half precision before measuring, so the file is the model that was measured.
    /// </summary>
    [JsonConverter(typeof(HalfArrayBase64Converter))]
    public float[]? HiddenWeights { get; init; }

    public float[]? HiddenBias { get; init; }

    /// <summary>What the model was trained on and how it measured; documentation only.</summary>
    public IReadOnlyDictionary<string, string>? Notes { get; init; }

    /// <summary>The model embedded in this assembly.</summary>
    public static EyeStateModel Default => Shipped.Value;

    /// <summary>A short hash of the coefficients and crop framing (feature caches made with another model are stale).</summary>
    [JsonIgnore]
    public string Fingerprint => ComputeFingerprint();

    /// <summary>Length of the feature vector of <paramref name="kinds"/>.</summary>
    public static int FeatureLength(IReadOnlyList<string> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        return kinds.Sum(k => k switch
        {
            "pixels" => Size * Size,
            "hog" => (Size / HogCell) * (Size / HogCell) * HogBins,
            _ => throw new ArgumentException($"Unknown eye feature kind '{k}'.", nameof(kinds)),
        });
    }

    /// <summary>
    /// Features of a row-major 24x24 luma patch (any scale): <c>pixels</c> = the patch minus its mean, divided by
    /// its standard deviation (plus 0.02 of the patch's range scale, so flat patches stay finite); <c>hog</c> =
    /// unsigned gradient orientations in 4x4 cells of 6x6 pixels, 9 bins, magnitude-weighted, the whole
    /// histogram L2-normalised, clipped at 0.2 and normalised again.
    /// </summary>
    public static float[] Describe(ReadOnlySpan<float> patch, IReadOnlyList<string> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        if (patch.Length != Size * Size)
        {
            throw new ArgumentException($"An eye patch has {Size * Size} values.", nameof(patch));
        }

        var result = new float[FeatureLength(kinds)];
        var offset = 0;
        foreach (var kind in FeatureKinds.Where(kinds.Contains))
        {
            if (kind == "pixels")
            {
                Normalised(patch, result.AsSpan(offset, Size * Size));
                offset += Size * Size;
            }
            else
            {
                var length = (Size / HogCell) * (Size / HogCell) * HogBins;
                Hog(patch, result.AsSpan(offset, length));
                offset += length;
            }
        }

        return result;
    }

    /// <summary>The open-eye score (log-odds before any calibration; positive: open) of one patch.</summary>
    public float Logit(ReadOnlySpan<float> patch)
    {
        var x = Describe(patch, Features);
        if (x.Length != Mean.Length)
        {
            throw new InvalidDataException($"The eye model has {Mean.Length} feature means for {x.Length} features.");
        }

        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (x[i] - Mean[i]) / Scale[i];
        }

        if (HiddenWeights is null || HiddenBias is null)
        {
            return System.Numerics.Tensors.TensorPrimitives.Dot(x, Weights) + Bias;
        }

        var z = Bias;
        for (var k = 0; k < HiddenBias.Length; k++)
        {
            var unit = HiddenBias[k] + System.Numerics.Tensors.TensorPrimitives.Dot(x, HiddenWeights.AsSpan(k * x.Length, x.Length));
            z += Weights[k] * MathF.Max(unit, 0f);
        }

        return z;
    }

    /// <summary>
    /// Cuts one eye as a 24x24 luma patch (0-1), upright with the face: a square of <paramref name="scale"/> eye
    /// widths centred on the eye contour's centroid, moved <paramref name="shift"/> eye widths along the face's
    /// vertical axis. The image-right eye (<paramref name="left"/> false) is not mirrored: the model is trained on
    /// both sides' patches as they are.
    /// </summary>
    public static void Crop(RgbImage image, FaceMesh mesh, bool left, float scale, float shift, Span<float> patch)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mesh);
        var contour = left ? MeshIndices.LeftEyeContour : MeshIndices.RightEyeContour;
        var (cx, cy) = (0f, 0f);
        foreach (var i in contour)
        {
            cx += mesh[i].X;
            cy += mesh[i].Y;
        }

        (cx, cy) = (cx / contour.Length, cy / contour.Length);
        var (a, b) = (mesh[contour[0]], mesh[contour[8]]);
        var width = MathF.Max(MathF.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y))), 1f);
        var angle = mesh.Crop.AngleRadians;

        // The face's "down" in image coordinates is the crop's +y axis: (-sin, cos).
        cx -= MathF.Sin(angle) * shift * width;
        cy += MathF.Cos(angle) * shift * width;
        ImageSampler.SampleGray(image, AffineTransform.SquareCrop(cx, cy, scale * width, angle, Size), Size, Size, patch, (0.299f, 0.587f, 0.114f), 1f / 255f, 0f);
    }

    /// <summary>Writes <see cref="Count"/> values: the mean of the two eyes' open-eye scores and the smaller one.</summary>
    public void Measure(RgbImage image, FaceMesh mesh, Span<float> destination)
    {
        Span<float> patch = stackalloc float[Size * Size];
        Crop(image, mesh, left: true, CropScale, CropShift, patch);
        var leftScore = EyeScore(patch);
        Crop(image, mesh, left: false, CropScale, CropShift, patch);
        var rightScore = EyeScore(patch);
        destination[0] = (leftScore + rightScore) / 2;
        destination[1] = MathF.Min(leftScore, rightScore);
    }

    /// <summary>The score of one cut eye: <see cref="Logit"/>, averaged with its mirror's when <see cref="MirrorAverage"/> is set.</summary>
    public float EyeScore(ReadOnlySpan<float> patch)
    {
        if (!MirrorAverage)
        {
            return Logit(patch);
        }

        Span<float> mirrored = stackalloc float[Size * Size];
        Mirror(patch, mirrored);
        return (Logit(patch) + Logit(mirrored)) / 2;
    }

    /// <summary>Writes <paramref name="patch"/> left-right mirrored into <paramref name="destination"/>.</summary>
    public static void Mirror(ReadOnlySpan<float> patch, Span<float> destination)
    {
        if (patch.Length != Size * Size || destination.Length != Size * Size)
        {
            throw new ArgumentException($"An eye patch has {Size * Size} values.", nameof(patch));
        }

        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                destination[(y * Size) + x] = patch[(y * Size) + (Size - 1 - x)];
            }
        }
    }

    /// <summary>Reads the embedded model.</summary>
    public static EyeStateModel LoadEmbedded()
    {
        using var stream = typeof(EyeStateModel).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidDataException($"The eye model resource '{Resource}' is missing.");
        return Validated(JsonSerializer.Deserialize(stream, EyeStateModelJsonContext.Default.EyeStateModel)
            ?? throw new InvalidDataException("The embedded eye model is empty."));
    }

    /// <summary><paramref name="model"/> when its coefficients fit its feature kinds.</summary>
    public static EyeStateModel Validated(EyeStateModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var length = FeatureLength(model.Features);
        var outputs = model.HiddenBias?.Length ?? length;
        if (model.Mean.Length != length || model.Scale.Length != length || model.Weights.Length != outputs || !(model.CropScale > 0)
            || (model.HiddenWeights is null) != (model.HiddenBias is null) || (model.HiddenWeights is { } hidden && hidden.Length != outputs * length))
        {
            throw new InvalidDataException($"The eye model's coefficients do not fit its features ({length} values).");
        }

        return model;
    }

    private string ComputeFingerprint()
    {
        var text = string.Join(
            ",",
            new[] { string.Join("+", Features), MirrorAverage ? "mirror-average" : "single", CropScale.ToString("R", System.Globalization.CultureInfo.InvariantCulture), CropShift.ToString("R", System.Globalization.CultureInfo.InvariantCulture), Bias.ToString("R", System.Globalization.CultureInfo.InvariantCulture) }
                .Concat(Weights.Concat(Mean).Concat(Scale).Concat(HiddenWeights ?? []).Concat(HiddenBias ?? []).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
    }

    private static void Normalised(ReadOnlySpan<float> patch, Span<float> destination)
    {
        var mean = 0.0;
        foreach (var v in patch)
        {
            mean += v;
        }

        mean /= patch.Length;
        var squares = 0.0;
        var max = float.MinValue;
        foreach (var v in patch)
        {
            squares += (v - mean) * (v - mean);
            max = MathF.Max(max, MathF.Abs(v));
        }

        var sd = Math.Sqrt(squares / patch.Length) + (0.02 * Math.Max(max, 1e-3f));
        for (var i = 0; i < patch.Length; i++)
        {
            destination[i] = (float)((patch[i] - mean) / sd);
        }
    }

    private static void Hog(ReadOnlySpan<float> patch, Span<float> destination)
    {
        destination.Clear();
        var cells = Size / HogCell;
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                var gx = patch[(y * Size) + Math.Min(x + 1, Size - 1)] - patch[(y * Size) + Math.Max(x - 1, 0)];
                var gy = patch[(Math.Min(y + 1, Size - 1) * Size) + x] - patch[(Math.Max(y - 1, 0) * Size) + x];
                var magnitude = MathF.Sqrt((gx * gx) + (gy * gy));
                if (magnitude <= 0)
                {
                    continue;
                }

                // Unsigned orientation in [0, pi), split linearly between the two nearest bins.
                var angle = MathF.Atan2(gy, gx);
                if (angle < 0)
                {
                    angle += MathF.PI;
                }

                var position = (angle / MathF.PI * HogBins) - 0.5f;
                var low = (int)MathF.Floor(position);
                var fraction = position - low;
                var cell = (((y / HogCell) * cells) + (x / HogCell)) * HogBins;
                destination[cell + (((low % HogBins) + HogBins) % HogBins)] += magnitude * (1 - fraction);
                destination[cell + ((low + 1) % HogBins)] += magnitude * fraction;
            }
        }

        for (var pass = 0; pass < 2; pass++)
        {
            var norm = 0.0;
            foreach (var v in destination)
            {
                norm += v * v;
            }

            var divisor = (float)Math.Sqrt(norm) + 1e-3f;
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = pass == 0 ? MathF.Min(destination[i] / divisor, 0.2f) : destination[i] / divisor;
            }
        }
    }
}

/// <summary>Reads and writes a float array as base64 of little-endian half-precision values.</summary>
public sealed class HalfArrayBase64Converter : JsonConverter<float[]>
{
    /// <summary><paramref name="values"/> rounded to half precision (what a write and a read give back).</summary>
    public static float[] Round(ReadOnlySpan<float> values)
    {
        var result = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = (float)(Half)values[i];
        }

        return result;
    }

    public override float[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var bytes = reader.GetBytesFromBase64();
        if (bytes.Length % 2 != 0)
        {
            throw new JsonException("Half-precision base64 data has an odd number of bytes.");
        }

        var result = new float[bytes.Length / 2];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (float)System.Buffers.Binary.BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(i * 2, 2));
        }

        return result;
    }

    public override void Write(Utf8JsonWriter writer, float[] value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var bytes = new byte[value.Length * 2];
        for (var i = 0; i < value.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2, 2), (Half)value[i]);
        }

        writer.WriteBase64StringValue(bytes);
    }
}

/// <summary>Source-generated JSON for <see cref="EyeStateModel"/> files (camelCase, indented).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(EyeStateModel))]
public sealed partial class EyeStateModelJsonContext : JsonSerializerContext;
