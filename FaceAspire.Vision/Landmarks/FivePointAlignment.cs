using FaceAspire.Vision.Imaging;

namespace FaceAspire.Vision.Landmarks;

/// <summary>
/// The five-point similarity alignment face recognisers are trained with (InsightFace/ArcFace): eye centres,
/// nose tip and mouth corners are mapped by the least-squares similarity transform (rotation, uniform scale,
/// translation) onto fixed template positions in a 112x112 crop. Alignment removes roll and scale, so an
/// embedder sees every face as its training crops were framed.
/// </summary>
public static class FivePointAlignment
{
    /// <summary>Side of the crop <see cref="ArcFaceTemplate"/> is defined for.</summary>
    public const int TemplateSize = 112;

    /// <summary>
    /// InsightFace's 112x112 template (pixel-index coordinates, OpenCV convention): eye on the image's left,
    /// eye on the image's right, nose tip, mouth corner on the left, mouth corner on the right.
    /// </summary>
    public static IReadOnlyList<(float X, float Y)> ArcFaceTemplate { get; } =
    [
        (38.2946f, 51.6963f), (73.5318f, 51.5014f), (56.0252f, 71.7366f), (41.5493f, 92.3655f), (70.7299f, 92.2041f),
    ];

    /// <summary>The five points of a mesh in <see cref="ArcFaceTemplate"/> order: eye centres (contour means), nose tip, mouth corners.</summary>
    public static (float X, float Y)[] Points(FaceMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        return
        [
            Mean(mesh, MeshIndices.LeftEyeContour),
            Mean(mesh, MeshIndices.RightEyeContour),
            (mesh[MeshIndices.NoseTip].X, mesh[MeshIndices.NoseTip].Y),
            (mesh[MeshIndices.MouthLeftCorner].X, mesh[MeshIndices.MouthLeftCorner].Y),
            (mesh[MeshIndices.MouthRightCorner].X, mesh[MeshIndices.MouthRightCorner].Y),
        ];
    }

    /// <summary>
    /// The transform from an <paramref name="outSize"/>-square model input to image pixels that puts the mesh's
    /// five points where <see cref="ArcFaceTemplate"/> (scaled to <paramref name="outSize"/>) wants them.
    /// </summary>
    public static AffineTransform ToImage(FaceMesh mesh, int outSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outSize);
        var scale = (float)outSize / TemplateSize;

        // Template positions are pixel indices; the sampler's continuous coordinates put pixel i's centre at i + 0.5.
        var template = ArcFaceTemplate.Select(p => ((p.X * scale) + 0.5f, (p.Y * scale) + 0.5f)).ToArray();
        return Similarity(template, Points(mesh));
    }

    /// <summary>
    /// The least-squares similarity transform taking each <paramref name="from"/> point to the matching
    /// <paramref name="to"/> point (Umeyama without reflection): <c>x' = a x - b y + tx, y' = b x + a y + ty</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two point pairs, different counts, or all <paramref name="from"/> points equal.</exception>
    public static AffineTransform Similarity(IReadOnlyList<(float X, float Y)> from, IReadOnlyList<(float X, float Y)> to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from.Count != to.Count || from.Count < 2)
        {
            throw new ArgumentException("Need the same number (at least two) of source and target points.", nameof(to));
        }

        double fromX = 0, fromY = 0, toX = 0, toY = 0;
        for (var i = 0; i < from.Count; i++)
        {
            fromX += from[i].X;
            fromY += from[i].Y;
            toX += to[i].X;
            toY += to[i].Y;
        }

        var n = from.Count;
        (fromX, fromY, toX, toY) = (fromX / n, fromY / n, toX / n, toY / n);
        double dotSum = 0, crossSum = 0, spread = 0;
        for (var i = 0; i < n; i++)
        {
            var (u, v) = (from[i].X - fromX, from[i].Y - fromY);
            var (x, y) = (to[i].X - toX, to[i].Y - toY);
            dotSum += (u * x) + (v * y);
            crossSum += (u * y) - (v * x);
            spread += (u * u) + (v * v);
        }

        if (spread < 1e-12)
        {
            throw new ArgumentException("The source points coincide; no similarity transform is defined.", nameof(from));
        }

        var a = dotSum / spread;
        var b = crossSum / spread;
        var tx = toX - ((a * fromX) - (b * fromY));
        var ty = toY - ((b * fromX) + (a * fromY));
        return new AffineTransform((float)a, (float)-b, (float)tx, (float)b, (float)a, (float)ty);
    }

    private static (float X, float Y) Mean(FaceMesh mesh, int[] indices)
    {
        float x = 0, y = 0;
        foreach (var i in indices)
        {
            x += mesh[i].X;
            y += mesh[i].Y;
        }

        return (x / indices.Length, y / indices.Length);
    }
}
