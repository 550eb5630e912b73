namespace FaceAspire.Vision.Detection;

/// <summary>
/// BlazeFace's SSD-style output decoding. For an input of side S the anchors sit on two grids, stride S/16
/// with 2 anchors per cell and stride S/8 with 6 per cell (512 + 384 = 896 anchors for S = 256), each at its
/// cell centre in input pixels. The model emits, per grid, a score logit per anchor and 16 regressors per
/// anchor: box centre offset (x, y), box size (w, h), then six (x, y) keypoint offsets, all in input pixels
/// relative to the anchor.
/// </summary>
public static class BlazeFaceDecoder
{
    /// <summary>Regressor values per anchor: 4 box + 6 keypoints x 2.</summary>
    public const int RegressorsPerAnchor = 16;

    public const int KeypointCount = 6;

    /// <summary>The two anchor grids: stride and anchors per cell, finest first.</summary>
    public static IReadOnlyList<(int Stride, int PerCell)> Grids(int inputSize) => [(inputSize / 16, 2), (inputSize / 8, 6)];

    /// <summary>Anchor centres (x, y) in input pixels for one grid, in the order the model emits its rows.</summary>
    public static (float X, float Y)[] Anchors(int inputSize, int stride, int perCell) => Anchors(inputSize, inputSize, stride, perCell);

    /// <summary>Anchor centres for a <paramref name="width"/> x <paramref name="height"/> input: cells row by row, <paramref name="perCell"/> each.</summary>
    public static (float X, float Y)[] Anchors(int width, int height, int stride, int perCell)
    {
        var columns = (width + stride - 1) / stride;
        var rows = (height + stride - 1) / stride;
        var anchors = new (float X, float Y)[columns * rows * perCell];
        var i = 0;
        for (var gy = 0; gy < rows; gy++)
        {
            for (var gx = 0; gx < columns; gx++)
            {
                for (var n = 0; n < perCell; n++)
                {
                    anchors[i++] = (stride * (gx + 0.5f), stride * (gy + 0.5f));
                }
            }
        }

        return anchors;
    }

    /// <summary>Decodes every anchor whose score passes <paramref name="minScore"/> into input-pixel space.</summary>
    public static void Decode(
        ReadOnlySpan<float> scoreLogits, ReadOnlySpan<float> regressors, (float X, float Y)[] anchors, float minScore, List<DetectedFace> into)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        ArgumentNullException.ThrowIfNull(into);
        if (scoreLogits.Length != anchors.Length || regressors.Length != anchors.Length * RegressorsPerAnchor)
        {
            throw new ArgumentException(
                $"Expected {anchors.Length} scores and {anchors.Length * RegressorsPerAnchor} regressors, got {scoreLogits.Length} and {regressors.Length}.");
        }

        // Comparing logits avoids a sigmoid per anchor; only survivors get one.
        var minLogit = MathF.Log(minScore / (1 - minScore));
        for (var a = 0; a < anchors.Length; a++)
        {
            if (scoreLogits[a] < minLogit)
            {
                continue;
            }

            var row = regressors.Slice(a * RegressorsPerAnchor, RegressorsPerAnchor);
            var (ax, ay) = anchors[a];
            var cx = row[0] + ax;
            var cy = row[1] + ay;
            var box = new PixelBox(cx - (row[2] / 2), cy - (row[3] / 2), row[2], row[3]);
            var keypoints = new (float X, float Y)[KeypointCount];
            for (var k = 0; k < KeypointCount; k++)
            {
                keypoints[k] = (row[4 + (2 * k)] + ax, row[5 + (2 * k)] + ay);
            }

            into.Add(new DetectedFace(box, Sigmoid(scoreLogits[a]), keypoints));
        }
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
