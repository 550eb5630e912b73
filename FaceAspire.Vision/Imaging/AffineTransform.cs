namespace FaceAspire.Vision.Imaging;

/// <summary>
/// A 2-D affine map <c>(x, y) -> (A x + B y + C, D x + E y + F)</c>. The engine uses it to map a model's
/// input pixels back to image pixels, so one sampler serves plain resizes, tiles and rotated face crops.
/// </summary>
public readonly record struct AffineTransform(float A, float B, float C, float D, float E, float F)
{
    public static AffineTransform Identity { get; } = new(1, 0, 0, 0, 1, 0);

    /// <summary>
    /// Maps a <paramref name="outSize"/>-square model input onto a square of side <paramref name="side"/>
    /// centred on (<paramref name="centerX"/>, <paramref name="centerY"/>) in the image, rotated by
    /// <paramref name="angleRadians"/> (positive turns the crop's x axis towards the image's +y axis).
    /// </summary>
    public static AffineTransform SquareCrop(float centerX, float centerY, float side, float angleRadians, int outSize)
    {
        var scale = side / outSize;
        var cos = MathF.Cos(angleRadians) * scale;
        var sin = MathF.Sin(angleRadians) * scale;
        var half = outSize / 2f;

        // Pixel centres: output pixel i covers [i, i+1), so its centre sits at i + 0.5.
        return new AffineTransform(
            cos, -sin, centerX - (cos * half) + (sin * half),
            sin, cos, centerY - (sin * half) - (cos * half));
    }

    /// <summary>Maps an output grid of <paramref name="outWidth"/> x <paramref name="outHeight"/> onto an axis-aligned image rectangle.</summary>
    public static AffineTransform Rectangle(float left, float top, float width, float height, int outWidth, int outHeight) =>
        new(width / outWidth, 0, left, 0, height / outHeight, top);

    /// <summary>
    /// The same mapping read through a horizontal mirror of a <paramref name="outWidth"/>-wide output: output x
    /// samples where this transform's output <c>outWidth - x</c> does, so the model sees the crop left-right flipped.
    /// </summary>
    public AffineTransform MirroredHorizontally(int outWidth) => new(-A, B, C + (A * outWidth), -D, E, F + (D * outWidth));

    /// <summary>This transform applied after <paramref name="inner"/>: <c>this(inner(p))</c>.</summary>
    public AffineTransform After(AffineTransform inner) => new(
        (A * inner.A) + (B * inner.D), (A * inner.B) + (B * inner.E), (A * inner.C) + (B * inner.F) + C,
        (D * inner.A) + (E * inner.D), (D * inner.B) + (E * inner.E), (D * inner.C) + (E * inner.F) + F);

    public (float X, float Y) Apply(float x, float y) => ((A * x) + (B * y) + C, (D * x) + (E * y) + F);

    /// <summary>How many source pixels one output pixel spans (geometric mean of the two axes).</summary>
    public float Scale => MathF.Sqrt(MathF.Abs((A * E) - (B * D)));

    public AffineTransform Invert()
    {
        var det = (A * E) - (B * D);
        if (MathF.Abs(det) < 1e-12f)
        {
            throw new InvalidOperationException("The transform is not invertible.");
        }

        var ia = E / det;
        var ib = -B / det;
        var id = -D / det;
        var ie = A / det;
        return new AffineTransform(ia, ib, -((ia * C) + (ib * F)), id, ie, -((id * C) + (ie * F)));
    }
}
