namespace FaceAspire.Vision.Detection;

/// <summary>
/// Plans the square windows the detector looks through: the whole image (letterboxed to a square), then
/// a pyramid of overlapping tiles for small faces. A window's <see cref="DetectionWindow.InnerEdges"/> tells which of its
/// sides lie inside the image, so detections cut by those sides can be discarded (a neighbour sees them whole).
/// </summary>
public static class DetectionWindows
{
    public static IReadOnlyList<DetectionWindow> Plan(int imageWidth, int imageHeight, FaceDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var longSide = Math.Max(imageWidth, imageHeight);
        var windows = new List<DetectionWindow>
        {
            new(new PixelBox((imageWidth - longSide) / 2f, (imageHeight - longSide) / 2f, longSide, longSide), InnerEdges.None),
        };
        if (!options.EnableTiling)
        {
            return windows;
        }

        // A level is worth scanning only when its tiles are clearly smaller than the whole-image window.
        for (float tile = options.TileSize; tile * 1.5f < longSide; tile *= options.TileGrowth)
        {
            AddLevel(windows, imageWidth, imageHeight, (int)tile, options.TileOverlap);
        }

        return windows;
    }

    private static void AddLevel(List<DetectionWindow> windows, int width, int height, int tile, float overlap)
    {
        var xs = Starts(width, tile, overlap);
        var ys = Starts(height, tile, overlap);
        foreach (var y in ys)
        {
            foreach (var x in xs)
            {
                var edges = InnerEdges.None;
                if (x > 0)
                {
                    edges |= InnerEdges.Left;
                }

                if (y > 0)
                {
                    edges |= InnerEdges.Top;
                }

                if (x + tile < width)
                {
                    edges |= InnerEdges.Right;
                }

                if (y + tile < height)
                {
                    edges |= InnerEdges.Bottom;
                }

                windows.Add(new DetectionWindow(new PixelBox(x, y, tile, tile), edges));
            }
        }
    }

    /// <summary>Evenly spaced starts covering [0, length) with at least the requested overlap; centred when the tile is longer.</summary>
    internal static List<float> Starts(int length, int tile, float overlap)
    {
        if (tile >= length)
        {
            return [(length - tile) / 2f];
        }

        var step = tile * (1 - overlap);
        var count = (int)Math.Ceiling((length - tile) / step) + 1;
        var spacing = (length - tile) / (float)(count - 1);
        return [.. Enumerable.Range(0, count).Select(i => i * spacing)];
    }
}

/// <summary>A square region of the image the detector sees at its input size.</summary>
public sealed record DetectionWindow(PixelBox Region, InnerEdges InnerEdges);

/// <summary>Sides of a window that lie inside the image rather than on its border.</summary>
[Flags]
public enum InnerEdges
{
    None = 0,
    Left = 1,
    Top = 2,
    Right = 4,
    Bottom = 8,
}
