using FaceAspire.Vision.Imaging;
using SkiaSharp;

namespace FaceAspire.Evaluation.Datasets;

/// <summary>
/// Photos with no face, made in code (so they can be shared and regenerated exactly): multi-octave noise textures,
/// landscapes (sky, a noisy ridge, ground), colour gradients and text documents, from 48 pixels (the size of a tight
/// face crop, where the engine also looks on a padded canvas) to 1280. Every box found in them is a false positive.
/// </summary>
public static class FacelessPhotos
{
    public const string Name = "generated faceless photos";

    private static readonly (int Width, int Height)[] Sizes = [(640, 480), (48, 48), (1280, 853), (112, 112), (300, 400), (178, 218), (1024, 768), (96, 96)];

    private static readonly string[] Words =
    [
        "invoice", "total", "amount", "date", "account", "reference", "payment", "due", "number", "customer", "address",
        "order", "quantity", "price", "description", "service", "period", "balance", "terms", "signature", "page",
    ];

    /// <summary>The first <paramref name="count"/> photos of the fixed sequence (kinds and sizes take turns).</summary>
    public static IEnumerable<(string Kind, RgbImage Image)> Generate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var random = new Random(7919 * (i + 1));
            var (width, height) = Sizes[i % Sizes.Length];
            yield return (i % 4) switch
            {
                0 => ("noise texture", Noise(width, height, random)),
                1 => ("landscape", Landscape(width, height, random)),
                2 => ("gradient", Gradient(width, height, random)),
                _ => ("document", Document(width, height, random)),
            };
        }
    }

    /// <summary>Value noise of several octaves, each channel its own field.</summary>
    public static RgbImage Noise(int width, int height, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var fields = Enumerable.Range(0, 3).Select(_ => Fractal(width, height, random)).ToArray();
        return RgbImage.Create(width, height, (x, y) =>
            (Byte(fields[0][x, y]) << 16) | (Byte(fields[1][x, y]) << 8) | Byte(fields[2][x, y]));
    }

    private static RgbImage Landscape(int width, int height, Random random)
    {
        var ridge = Fractal(width, 1, random);
        var texture = Fractal(width, height, random);
        var horizon = height * (0.35 + (0.2 * random.NextDouble()));
        return RgbImage.Create(width, height, (x, y) =>
        {
            var top = horizon - (height * 0.25 * ridge[x, 0]);
            var t = texture[x, y];
            if (y < top)
            {
                var sky = (double)y / Math.Max(1, top);
                return Rgb(90 + (60 * sky), 140 + (60 * sky), 230 - (20 * sky));
            }

            return y < horizon + (height * 0.1)
                ? Rgb(70 + (60 * t), 80 + (50 * t), 90 + (40 * t))
                : Rgb(40 + (50 * t), 110 + (80 * t), 40 + (40 * t));
        });
    }

    private static RgbImage Gradient(int width, int height, Random random)
    {
        var (a, b) = (RandomColour(random), RandomColour(random));
        var radial = random.Next(2) == 0;
        return RgbImage.Create(width, height, (x, y) =>
        {
            var (u, v) = ((x - (width / 2.0)) / width, (y - (height / 2.0)) / height);
            var t = radial ? Math.Min(1, 2 * Math.Sqrt((u * u) + (v * v))) : (double)x / width;
            return Rgb(a.R + ((b.R - a.R) * t), a.G + ((b.G - a.G) * t), a.B + ((b.B - a.B) * t));
        });
    }

    /// <summary>A white page with a header bar, lines of letter-like strokes grouped in words, and a table.</summary>
    private static RgbImage Document(int width, int height, Random random)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(250, 250, 246));
            using var ink = new SKPaint { Color = new SKColor(30, 30, 40), IsAntialias = true, StrokeWidth = Math.Max(1, width / 400f) };
            var size = Math.Max(5, height / 40f);
            using var header = new SKPaint { Color = new SKColor(40, 70, 140) };
            canvas.DrawRect(0, 0, width, height * 0.08f, header);
            var lineHeight = size * 1.6f;
            for (var y = height * 0.12f + lineHeight; y < height * 0.6f; y += lineHeight)
            {
                var x = width * 0.06f;
                while (x < width * 0.9f)
                {
                    var word = Words[random.Next(Words.Length)];
                    foreach (var letter in word)
                    {
                        DrawGlyph(canvas, ink, letter, x, y, size);
                        x += size * 0.65f;
                    }

                    x += size * 0.6f;
                }
            }

            for (var row = 0; row <= 5; row++)
            {
                var y = height * (0.65f + (row * 0.05f));
                canvas.DrawLine(width * 0.06f, y, width * 0.94f, y, ink);
            }

            for (var column = 0; column <= 3; column++)
            {
                var x = width * (0.06f + (column * 0.2933f));
                canvas.DrawLine(x, height * 0.65f, x, height * 0.9f, ink);
            }
        }

        var pixels = new byte[width * height * 3];
        var source = bitmap.Bytes;
        for (var i = 0; i < width * height; i++)
        {
            pixels[i * 3] = source[i * 4];
            pixels[(i * 3) + 1] = source[(i * 4) + 1];
            pixels[(i * 3) + 2] = source[(i * 4) + 2];
        }

        return new RgbImage(width, height, pixels);
    }

    /// <summary>
    /// A letter-like mark of <paramref name="size"/> pixels' height, baseline at <paramref name="y"/>: a stem, a bowl, or
    /// both, chosen by the letter (SkiaSharp's build without font dependencies renders no system fonts, so documents are
    /// drawn with strokes of the proportions of printed text).
    /// </summary>
    private static void DrawGlyph(SKCanvas canvas, SKPaint ink, char letter, float x, float y, float size)
    {
        var (w, xHeight) = (size * 0.5f, size * 0.55f);
        using var stroke = new SKPaint { Color = ink.Color, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = Math.Max(1f, size / 9f) };
        var shape = letter % 5;
        var tall = "bdfhklt".Contains(letter, StringComparison.Ordinal);
        if (shape is 0 or 1 or 4 || tall)
        {
            canvas.DrawLine(x + (shape == 1 ? w : 0), y, x + (shape == 1 ? w : 0), y - (tall ? size * 0.8f : xHeight), stroke);
        }

        if (shape is 1 or 2 or 3)
        {
            canvas.DrawOval(new SKRect(x, y - xHeight, x + w, y), stroke);
        }

        if (shape is 4)
        {
            canvas.DrawLine(x, y - xHeight, x + w, y, stroke);
        }
    }

    /// <summary>Sum of value-noise octaves (cell sizes from a quarter of the long side down to 2 pixels), scaled to [0, 1].</summary>
    private static float[,] Fractal(int width, int height, Random random)
    {
        var field = new float[width, height];
        var amplitude = 1f;
        var total = 0f;
        for (var cell = Math.Max(2, Math.Max(width, height) / 4); cell >= 2; cell /= 2)
        {
            var (gw, gh) = ((width / cell) + 2, (height / cell) + 2);
            var grid = new float[gw, gh];
            for (var gx = 0; gx < gw; gx++)
            {
                for (var gy = 0; gy < gh; gy++)
                {
                    grid[gx, gy] = (float)random.NextDouble();
                }
            }

            for (var x = 0; x < width; x++)
            {
                for (var y = 0; y < height; y++)
                {
                    var (fx, fy) = ((float)x / cell, (float)y / cell);
                    var (x0, y0) = ((int)fx, (int)fy);
                    var (tx, ty) = (fx - x0, fy - y0);
                    var top = grid[x0, y0] + ((grid[x0 + 1, y0] - grid[x0, y0]) * tx);
                    var bottom = grid[x0, y0 + 1] + ((grid[x0 + 1, y0 + 1] - grid[x0, y0 + 1]) * tx);
                    field[x, y] += amplitude * (top + ((bottom - top) * ty));
                }
            }

            total += amplitude;
            amplitude *= 0.55f;
        }

        for (var x = 0; x < width; x++)
        {
            for (var y = 0; y < height; y++)
            {
                field[x, y] /= total;
            }
        }

        return field;
    }

    private static (int R, int G, int B) RandomColour(Random random) => (random.Next(256), random.Next(256), random.Next(256));

    private static int Byte(float unit) => Math.Clamp((int)(unit * 255f), 0, 255);

    private static int Rgb(double r, double g, double b) =>
        (Math.Clamp((int)r, 0, 255) << 16) | (Math.Clamp((int)g, 0, 255) << 8) | Math.Clamp((int)b, 0, 255);
}
