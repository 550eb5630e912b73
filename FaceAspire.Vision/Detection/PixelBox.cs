namespace FaceAspire.Vision.Detection;

/// <summary>An axis-aligned rectangle in image pixels (x right, y down).</summary>
public readonly record struct PixelBox(float Left, float Top, float Width, float Height)
{
    public float Right => Left + Width;

    public float Bottom => Top + Height;

    public float CenterX => Left + (Width / 2);

    public float CenterY => Top + (Height / 2);

    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    public static PixelBox FromCorners(float left, float top, float right, float bottom) =>
        new(left, top, right - left, bottom - top);

    /// <summary>This box cut to the image area [0, width] x [0, height].</summary>
    public PixelBox ClampedTo(float width, float height) => FromCorners(
        Math.Clamp(Left, 0, width), Math.Clamp(Top, 0, height), Math.Clamp(Right, 0, width), Math.Clamp(Bottom, 0, height));

    public float IntersectionArea(PixelBox other)
    {
        var w = Math.Min(Right, other.Right) - Math.Max(Left, other.Left);
        var h = Math.Min(Bottom, other.Bottom) - Math.Max(Top, other.Top);
        return w <= 0 || h <= 0 ? 0 : w * h;
    }

    /// <summary>Intersection over union, 0 when either box is empty.</summary>
    public float IntersectionOverUnion(PixelBox other)
    {
        var intersection = IntersectionArea(other);
        var union = Area + other.Area - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    /// <summary>Intersection over the smaller box: 1 when one box lies inside the other.</summary>
    public float IntersectionOverMinimum(PixelBox other)
    {
        var smaller = Math.Min(Area, other.Area);
        return smaller <= 0 ? 0 : IntersectionArea(other) / smaller;
    }

    /// <summary>The box clipped to a <paramref name="width"/> x <paramref name="height"/> image.</summary>
    public PixelBox ClampTo(int width, int height) => FromCorners(
        Math.Clamp(Left, 0, width), Math.Clamp(Top, 0, height), Math.Clamp(Right, 0, width), Math.Clamp(Bottom, 0, height));
}
