using FaceAspire.Vision.Attributes;

namespace FaceAspire.Vision.Tests;

public sealed class AlignedFaceEmbedderTests
{
    [Fact]
    public void The_model_input_is_planar_in_blue_green_red_order()
    {
        const int pixels = 112 * 112;
        var interleaved = new float[pixels * 3];
        for (var p = 0; p < pixels; p++)
        {
            (interleaved[p * 3], interleaved[(p * 3) + 1], interleaved[(p * 3) + 2]) = (p, p + 0.25f, p + 0.5f);
        }

        var planar = new float[pixels * 3];
        AlignedFaceEmbedder.ToPlanar(interleaved, planar);

        foreach (var p in new[] { 0, 1, 5000, pixels - 1 })
        {
            planar[p].ShouldBe(p + 0.5f);
            planar[pixels + p].ShouldBe(p + 0.25f);
            planar[(2 * pixels) + p].ShouldBe(p);
        }
    }
}
