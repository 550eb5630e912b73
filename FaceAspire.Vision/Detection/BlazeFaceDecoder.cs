namespace FaceAspire.Vision.Detection;

/// <summary>
/// BlazeFace's SSD-style output decoding. For an input of side S the anchors sit on two grids, stride S/16
/// with 2 anchors per cell and stride S/8 with 6 per cell (896 anchors for S = 256), each at its cell centre
/// in input pixels. Each anchor row holds: score logit, box centre offset (x, y), box size (w, h), then six
/// (x, y) keypoint offsets, all in input pixels relative to the anchor.
/// </summary>
public static class BlazeFaceDecoder
{
    /// <summary>Values per anchor row: 1 score + 4 box + 6 keypoints x 2.</summary>
    public const int ValuesPerAnchor = 17;

    public const int KeypointCount = 6;

    /// <summary>Anchor centres (x, y) in input pixels, in the order the model emits its rows.</summary>
    public static (float X, float Y)[] Anchors(int inputSize)
    {
        var anchors = new List<(float X, float Y)>();
        foreach (var (stride, perCell) in new[] { (inputSize / 16, 2), (inputSize / 8, 6) })
        {
            var cells = (inputSize + stride - 1) / stride;
            for (var gy = 0; gy < cells; gy++)
            {
                for (var gx = 0; gx < cells; gx++)
                {
                    for (var n = 0; n < perCell; n++)
                    {
                        anchors.Add((stride * (gx + 0.5f), stride * (gy + 0.5f)));
                    }
                }
            }
        }

        return [.. anchors];
    }

    /// <summary>
    /// Decodes every anchor whose score passes <paramref name="minScore"/> into input-pixel space.
    /// </summary>
    public static List<DetectedFace> Decode(ReadOnlySpan<float> raw, (float X, float Y)[] anchors, float minScore)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        if (raw.Length != anchors.Length * ValuesPerAnchor)
        {
            throw new ArgumentException($"Expected {anchors.Length * ValuesPerAnchor} values, got {raw.Length}.", nameof(raw));
        }

        // Comparing logits avoids a sigmoid per anchor; only survivors get one.
        var minLogit = MathF.Log(minScore / (1 - minScore));
        var faces = new List<DetectedFace>();
        for (var a = 0; a < anchors.Length; a++)
        {
            var row = raw.Slice(a * ValuesPerAnchor, ValuesPerAnchor);
            if (row[0] < minLogit)
            {
                continue;
            }

            var (ax, ay) = anchors[a];
            var cx = row[1] + ax;
            var cy = row[2] + ay;
            var box = new PixelBox(cx - (row[3] / 2), cy - (row[4] / 2), row[3], row[4]);
            var keypoints = new (float X, float Y)[KeypointCount];
            for (var k = 0; k < KeypointCount; k++)
            {
                keypoints[k] = (row[5 + (2 * k)] + ax, row[6 + (2 * k)] + ay);
            }

            faces.Add(new DetectedFace(box, Sigmoid(row[0]), keypoints));
        }

        return faces;
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
