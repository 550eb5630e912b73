using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Landmarks;

namespace FaceAspire.Vision.Attributes;

/// <summary>
/// Face regions the attribute heads look at, each the box around a set of mesh vertices (plus a margin), and
/// the mean of a model's activation map over the cells of each box. Because the boxes follow the mesh, the
/// same feature means "the eyes" or "the upper lip" whatever the crop's framing.
/// </summary>
public static class FaceRegions
{
    /// <summary>Region names in feature order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["eyes", "upperlip", "mouth", "chin", "lowerface"];

    private static readonly int[][] Vertices =
    [
        // Eyes and brows: where glasses sit.
        [.. MeshIndices.LeftEyeContour, .. MeshIndices.RightEyeContour, 70, 105, 107, 336, 334, 300],
        // Between the nose and the upper lip, corner to corner: where a mustache grows.
        [2, 164, 0, 98, 327, 61, 291],
        // The lips.
        [61, 291, 0, 17, 13, 14, 40, 270, 91, 321],
        // Below the lower lip to the chin.
        [17, 152, 83, 313, 148, 377],
        // Cheeks, jaw and chin below the nose: where a beard grows.
        [234, 454, 172, 397, 152, 2, 136, 365],
    ];

    /// <summary>Margin added around each box, as a share of the outer-eye-corner distance.</summary>
    private const float Margin = 0.12f;

    /// <summary>
    /// Means of an NHWC activation map (<paramref name="map"/>, shape 1 x <paramref name="height"/> x
    /// <paramref name="width"/> x <paramref name="channels"/>) over each region, written region after region into
    /// <paramref name="destination"/> (<see cref="Names"/>.Count x channels values). <paramref name="inputToImage"/>
    /// maps the model's <paramref name="inputSize"/>-square input to image pixels.
    /// </summary>
    public static void Pool(
        ReadOnlySpan<float> map, int height, int width, int channels, FaceMesh mesh, AffineTransform inputToImage, int inputSize, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        if (map.Length < height * width * channels || destination.Length < Vertices.Length * channels)
        {
            throw new ArgumentException("Map or destination too small for the given shape.");
        }

        var toInput = inputToImage.Invert();
        var (cellW, cellH) = ((float)inputSize / width, (float)inputSize / height);
        var (lx, ly) = toInput.Apply(mesh[MeshIndices.LeftEyeOuterCorner].X, mesh[MeshIndices.LeftEyeOuterCorner].Y);
        var (rx, ry) = toInput.Apply(mesh[MeshIndices.RightEyeOuterCorner].X, mesh[MeshIndices.RightEyeOuterCorner].Y);
        var margin = Margin * MathF.Sqrt(((rx - lx) * (rx - lx)) + ((ry - ly) * (ry - ly)));
        destination[..(Vertices.Length * channels)].Clear();
        for (var r = 0; r < Vertices.Length; r++)
        {
            float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
            foreach (var index in Vertices[r])
            {
                var (x, y) = toInput.Apply(mesh[index].X, mesh[index].Y);
                (minX, minY, maxX, maxY) = (Math.Min(minX, x), Math.Min(minY, y), Math.Max(maxX, x), Math.Max(maxY, y));
            }

            // Cells whose centres fall in the box; at least the cell under the box centre.
            var x0 = Math.Clamp((int)MathF.Ceiling(((minX - margin) / cellW) - 0.5f), 0, width - 1);
            var x1 = Math.Clamp((int)MathF.Floor(((maxX + margin) / cellW) - 0.5f), 0, width - 1);
            var y0 = Math.Clamp((int)MathF.Ceiling(((minY - margin) / cellH) - 0.5f), 0, height - 1);
            var y1 = Math.Clamp((int)MathF.Floor(((maxY + margin) / cellH) - 0.5f), 0, height - 1);
            if (x1 < x0)
            {
                x0 = x1 = Math.Clamp((int)((minX + maxX) / 2 / cellW), 0, width - 1);
            }

            if (y1 < y0)
            {
                y0 = y1 = Math.Clamp((int)((minY + maxY) / 2 / cellH), 0, height - 1);
            }

            var target = destination.Slice(r * channels, channels);
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(target, map.Slice(((y * width) + x) * channels, channels), target);
                }
            }

            System.Numerics.Tensors.TensorPrimitives.Divide(target, (x1 - x0 + 1) * (y1 - y0 + 1), target);
        }
    }
}
