using FaceAspire.Vision.Landmarks;

namespace FaceAspire.Vision.Imaging;

/// <summary>
/// A photo centred on a canvas twice its size, the border filled with the photo's mean colour, for faces that fill
/// or overfill the frame (profile pictures, passport-style photos, cropped headshots): a detector trained on photos
/// rarely accepts a face with no context around it, and the landmark and attribute crops of such a face reach past
/// the photo's edges. The photo is scaled first so its longer side is at least <see cref="MinPhotoSide"/> pixels and at
/// most <see cref="MaxPhotoSide"/>: small crops get the resolution the models look at, large photos a bounded cost.
/// <see cref="ToPhoto(FaceMesh)"/> maps what is found on the canvas back to the photo's pixels.
/// </summary>
public sealed class PaddedCanvas
{
    /// <summary>Longer side, in pixels, a small photo is enlarged to (the landmark model's input is 192).</summary>
    public const int MinPhotoSide = 192;

    /// <summary>Longer side, in pixels, a large photo is shrunk to; a face filling it is still several times the models' inputs.</summary>
    public const int MaxPhotoSide = 640;

    private PaddedCanvas(RgbImage image, float scale, float offsetX, float offsetY)
    {
        Image = image;
        Scale = scale;
        OffsetX = offsetX;
        OffsetY = offsetY;
    }

    /// <summary>The canvas.</summary>
    public RgbImage Image { get; }

    /// <summary>Canvas pixels per photo pixel.</summary>
    public float Scale { get; }

    /// <summary>Canvas position of the photo's left edge.</summary>
    public float OffsetX { get; }

    /// <summary>Canvas position of the photo's top edge.</summary>
    public float OffsetY { get; }

    /// <summary>Builds the canvas around <paramref name="photo"/>.</summary>
    public static PaddedCanvas Around(RgbImage photo)
    {
        ArgumentNullException.ThrowIfNull(photo);
        var longSide = Math.Max(photo.Width, photo.Height);
        var scale = longSide < MinPhotoSide ? (float)MinPhotoSide / longSide
            : longSide > MaxPhotoSide ? (float)MaxPhotoSide / longSide
            : 1f;
        var width = Math.Max(1, (int)MathF.Round(photo.Width * scale));
        var height = Math.Max(1, (int)MathF.Round(photo.Height * scale));
        var (canvasWidth, canvasHeight) = (width * 2, height * 2);
        var (left, top) = ((canvasWidth - width) / 2, (canvasHeight - height) / 2);

        var fill = MeanColour(photo);
        var pixels = GC.AllocateUninitializedArray<byte>(canvasWidth * canvasHeight * 3);
        var rowBytes = canvasWidth * 3;
        var firstRow = pixels.AsSpan(0, rowBytes);
        for (var i = 0; i < rowBytes; i += 3)
        {
            firstRow[i] = fill[0];
            firstRow[i + 1] = fill[1];
            firstRow[i + 2] = fill[2];
        }

        for (var y = 1; y < canvasHeight; y++)
        {
            firstRow.CopyTo(pixels.AsSpan(y * rowBytes, rowBytes));
        }

        if (width == photo.Width && height == photo.Height)
        {
            // Unscaled: the resize would give back every pixel as it is, so the rows are copied.
            for (var y = 0; y < height; y++)
            {
                photo.Pixels.AsSpan(y * width * 3, width * 3).CopyTo(pixels.AsSpan((((top + y) * canvasWidth) + left) * 3));
            }
        }
        else
        {
            var resized = new float[width * height * 3];
            ImageResizer.ResizeRgb(photo, width, height, resized, width, 1f, 0f);
            for (var y = 0; y < height; y++)
            {
                var target = (((top + y) * canvasWidth) + left) * 3;
                var source = y * width * 3;
                for (var k = 0; k < width * 3; k++)
                {
                    pixels[target + k] = (byte)Math.Clamp(MathF.Round(resized[source + k]), 0f, 255f);
                }
            }
        }

        return new PaddedCanvas(
            new RgbImage(canvasWidth, canvasHeight, pixels), (float)width / photo.Width, left, top);
    }

    /// <summary>A canvas point in photo pixels (it may lie outside the photo).</summary>
    public (float X, float Y) ToPhoto(float x, float y) => ((x - OffsetX) / Scale, (y - OffsetY) / Scale);

    /// <summary>A mesh found on the canvas, in photo pixels (depth scaled alike; points may lie outside the photo).</summary>
    public FaceMesh ToPhoto(FaceMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        var points = new MeshPoint[mesh.Points.Count];
        for (var i = 0; i < points.Length; i++)
        {
            var p = mesh.Points[i];
            var (x, y) = ToPhoto(p.X, p.Y);
            points[i] = new MeshPoint(x, y, p.Z / Scale);
        }

        var (cx, cy) = ToPhoto(mesh.Crop.CenterX, mesh.Crop.CenterY);
        return mesh with { Points = points, Crop = mesh.Crop with { CenterX = cx, CenterY = cy, Side = mesh.Crop.Side / Scale } };
    }

    private static byte[] MeanColour(RgbImage photo)
    {
        var sum = new long[3];
        var pixels = photo.Pixels;
        for (var i = 0; i < pixels.Length; i += 3)
        {
            sum[0] += pixels[i];
            sum[1] += pixels[i + 1];
            sum[2] += pixels[i + 2];
        }

        var count = (long)photo.Width * photo.Height;
        return [(byte)(sum[0] / count), (byte)(sum[1] / count), (byte)(sum[2] / count)];
    }
}
