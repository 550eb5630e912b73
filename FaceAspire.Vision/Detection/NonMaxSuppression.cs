namespace FaceAspire.Vision.Detection;

/// <summary>
/// Greedy non-maximum suppression. Besides the usual IoU test, a box that lies mostly inside a stronger one
/// is dropped: tiles cut faces, and the half-face a tile sees overlaps the whole face with an IoU near 0.5
/// while lying entirely inside it.
/// </summary>
public static class NonMaxSuppression
{
    /// <summary>Keeps the strongest of each group of overlapping faces, ordered by descending score.</summary>
    /// <param name="faces">Candidates in any order.</param>
    /// <param name="iouThreshold">Suppress when IoU with a kept face exceeds this.</param>
    /// <param name="containmentThreshold">Suppress when intersection over the smaller box exceeds this.</param>
    public static IReadOnlyList<DetectedFace> Apply(IEnumerable<DetectedFace> faces, float iouThreshold, float containmentThreshold)
    {
        ArgumentNullException.ThrowIfNull(faces);
        var kept = new List<DetectedFace>();
        foreach (var candidate in faces.OrderByDescending(f => f.Score))
        {
            var suppressed = kept.Exists(k =>
                k.Box.IntersectionOverUnion(candidate.Box) > iouThreshold
                || k.Box.IntersectionOverMinimum(candidate.Box) > containmentThreshold);
            if (!suppressed)
            {
                kept.Add(candidate);
            }
        }

        return kept;
    }
}
