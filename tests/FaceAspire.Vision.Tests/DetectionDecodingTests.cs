using FaceAspire.Vision.Detection;

namespace FaceAspire.Vision.Tests;

public sealed class DetectionDecodingTests
{
    [Fact]
    public void Anchor_grids_of_a_256_input_hold_896_anchors_at_cell_centres()
    {
        var grids = BlazeFaceDecoder.Grids(256);
        var anchors = grids.Select(g => BlazeFaceDecoder.Anchors(256, g.Stride, g.PerCell)).ToArray();
        anchors.Sum(a => a.Length).ShouldBe(896);
        anchors[0].Length.ShouldBe(512);

        // Stride 16, two anchors per cell: the first cell's pair, then the next cell to the right.
        anchors[0][0].ShouldBe((8f, 8f));
        anchors[0][1].ShouldBe((8f, 8f));
        anchors[0][2].ShouldBe((24f, 8f));
        anchors[0][^1].ShouldBe((248f, 248f));
        anchors[1][0].ShouldBe((16f, 16f));
        anchors[1][6].ShouldBe((48f, 16f));
    }

    [Fact]
    public void Decode_keeps_anchors_above_the_score_and_offsets_boxes_and_keypoints_from_them()
    {
        (float X, float Y)[] anchors = [(8, 8), (24, 8), (40, 8)];
        float[] logits = [-3f, 2f, 0.1f];
        var regressors = new float[3 * BlazeFaceDecoder.RegressorsPerAnchor];
        var row = regressors.AsSpan(BlazeFaceDecoder.RegressorsPerAnchor);
        row[0] = 1;   // centre x offset
        row[1] = -2;  // centre y offset
        row[2] = 10;  // width
        row[3] = 12;  // height
        row[4] = -3;  // first keypoint x offset
        row[5] = 4;   // first keypoint y offset

        var faces = new List<DetectedFace>();
        BlazeFaceDecoder.Decode(logits, regressors, anchors, minScore: 0.6f, faces);

        var face = faces.ShouldHaveSingleItem();
        face.Score.ShouldBe(1f / (1f + MathF.Exp(-2f)), 1e-6f);
        face.Box.ShouldBe(new PixelBox(20f, 0f, 10f, 12f));
        face.Keypoints.Count.ShouldBe(BlazeFaceDecoder.KeypointCount);
        face.Keypoints[0].ShouldBe((21f, 12f));
        face.Keypoints[1].ShouldBe((24f, 8f));
    }

    [Fact]
    public void Decode_rejects_outputs_that_do_not_match_the_anchors()
    {
        (float X, float Y)[] anchors = [(8, 8), (24, 8)];
        Should.Throw<ArgumentException>(() => BlazeFaceDecoder.Decode(new float[2], new float[16], anchors, 0.5f, []));
    }

    [Fact]
    public void Nms_keeps_the_strongest_of_overlapping_faces_and_drops_contained_fragments()
    {
        var strong = Face(100, 100, 50, 50, 0.9f);
        var shifted = Face(105, 102, 50, 50, 0.8f);     // IoU ~0.77 with strong
        var fragment = Face(100, 100, 25, 50, 0.85f);   // half of strong: IoU 0.5, fully inside
        var separate = Face(300, 100, 50, 50, 0.6f);

        var kept = NonMaxSuppression.Apply([shifted, fragment, separate, strong], iouThreshold: 0.6f, containmentThreshold: 0.6f);

        kept.ShouldBe([strong, separate]);
    }

    [Fact]
    public void Nms_keeps_faces_that_only_touch()
    {
        var a = Face(0, 0, 50, 50, 0.9f);
        var b = Face(50, 0, 50, 50, 0.8f);
        NonMaxSuppression.Apply([a, b], 0.3f, 0.6f).Count.ShouldBe(2);
    }

    private static DetectedFace Face(float left, float top, float width, float height, float score) =>
        new(new PixelBox(left, top, width, height), score, []);
}
