using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Landmarks;

namespace FaceAspire.Vision.Tests;

/// <summary>The five-point similarity alignment that frames faces for the identity embedder.</summary>
public sealed class FivePointAlignmentTests
{
    [Fact]
    public void Similarity_recovers_a_known_rotation_scale_and_shift_exactly()
    {
        // x' = s R x + t with s = 2.5, angle 0.3 rad, t = (40, -12).
        var (cos, sin) = (2.5f * MathF.Cos(0.3f), 2.5f * MathF.Sin(0.3f));
        var from = FivePointAlignment.ArcFaceTemplate;
        var to = from.Select(p => ((cos * p.X) - (sin * p.Y) + 40f, (sin * p.X) + (cos * p.Y) - 12f)).ToArray();

        var transform = FivePointAlignment.Similarity(from, to);

        transform.A.ShouldBe(cos, 1e-4f);
        transform.B.ShouldBe(-sin, 1e-4f);
        transform.D.ShouldBe(sin, 1e-4f);
        transform.E.ShouldBe(cos, 1e-4f);
        transform.C.ShouldBe(40f, 1e-3f);
        transform.F.ShouldBe(-12f, 1e-3f);
    }

    [Fact]
    public void Similarity_is_the_least_squares_fit_when_points_do_not_match_exactly()
    {
        // Two points moved apart symmetrically around the centroid: the fit keeps the centroid and averages the scale.
        (float X, float Y)[] from = [(0, 0), (10, 0), (0, 10), (10, 10)];
        (float X, float Y)[] to = [(-1, 0), (11, 0), (0, 10), (10, 10)];

        var transform = FivePointAlignment.Similarity(from, to);

        transform.Apply(5, 5).X.ShouldBe(5f, 1e-4f);
        transform.Apply(5, 5).Y.ShouldBe(5f, 1e-4f);
        transform.B.ShouldBe(0f, 1e-5f);
        transform.A.ShouldBe(1.05f, 1e-4f);
        Should.Throw<ArgumentException>(() => FivePointAlignment.Similarity([(1, 1), (1, 1)], [(0, 0), (2, 2)]));
    }

    [Fact]
    public void Template_positions_of_the_crop_land_on_the_mesh_points()
    {
        // A mesh whose eye contours, nose tip and mouth corners sit on a rotated, scaled copy of the template.
        var (cos, sin) = (3f * MathF.Cos(-0.2f), 3f * MathF.Sin(-0.2f));
        var image = FivePointAlignment.ArcFaceTemplate.Select(p => ((cos * p.X) - (sin * p.Y) + 300f, (sin * p.X) + (cos * p.Y) + 150f)).ToArray();
        var points = Enumerable.Repeat(new MeshPoint(0, 0, 0), FaceMesh.PointCount).ToArray();
        foreach (var i in MeshIndices.LeftEyeContour)
        {
            points[i] = new MeshPoint(image[0].Item1, image[0].Item2, 0);
        }

        foreach (var i in MeshIndices.RightEyeContour)
        {
            points[i] = new MeshPoint(image[1].Item1, image[1].Item2, 0);
        }

        points[MeshIndices.NoseTip] = new MeshPoint(image[2].Item1, image[2].Item2, 0);
        points[MeshIndices.MouthLeftCorner] = new MeshPoint(image[3].Item1, image[3].Item2, 0);
        points[MeshIndices.MouthRightCorner] = new MeshPoint(image[4].Item1, image[4].Item2, 0);
        var mesh = new FaceMesh(points, 1f, new CropGeometry(300, 200, 400, 0));

        var found = FivePointAlignment.Points(mesh);
        for (var k = 0; k < 5; k++)
        {
            found[k].X.ShouldBe(image[k].Item1, 1e-3f);
            found[k].Y.ShouldBe(image[k].Item2, 1e-3f);
        }

        foreach (var size in new[] { 112, 224 })
        {
            var toImage = FivePointAlignment.ToImage(mesh, size);
            var scale = size / 112f;
            for (var k = 0; k < 5; k++)
            {
                var template = FivePointAlignment.ArcFaceTemplate[k];
                var (x, y) = toImage.Apply((template.X * scale) + 0.5f, (template.Y * scale) + 0.5f);
                x.ShouldBe(image[k].Item1, 1e-2f);
                y.ShouldBe(image[k].Item2, 1e-2f);
            }

            // Scale: one crop pixel spans 3 image pixels at 112, 1.5 at 224.
            toImage.Scale.ShouldBe(3f / scale, 1e-3f);
        }
    }

    [Fact]
    public void After_composes_two_transforms_in_order()
    {
        var inner = AffineTransform.Rectangle(10, 20, 30, 40, 64, 64);
        var outer = AffineTransform.SquareCrop(100, 80, 50, 0.4f, 112);

        var composed = outer.After(inner);

        foreach (var (x, y) in new[] { (0f, 0f), (32f, 10f), (64f, 64f) })
        {
            var (ix, iy) = inner.Apply(x, y);
            var expected = outer.Apply(ix, iy);
            composed.Apply(x, y).X.ShouldBe(expected.X, 1e-3f);
            composed.Apply(x, y).Y.ShouldBe(expected.Y, 1e-3f);
        }
    }

    [Fact]
    public void Mirrored_transform_reads_the_crop_from_the_other_side()
    {
        var crop = AffineTransform.SquareCrop(100, 80, 50, 0.4f, 112);
        var mirrored = crop.MirroredHorizontally(112);

        foreach (var (x, y) in new[] { (0f, 0f), (10.5f, 20f), (111.5f, 56f), (112f, 112f) })
        {
            var expected = crop.Apply(112 - x, y);
            var actual = mirrored.Apply(x, y);
            actual.X.ShouldBe(expected.X, 1e-3f);
            actual.Y.ShouldBe(expected.Y, 1e-3f);
        }
    }
}
