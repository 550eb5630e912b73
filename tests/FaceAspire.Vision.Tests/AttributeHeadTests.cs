using FaceAspire.Vision.Attributes;
using FaceAspire.Vision.Pipeline;
using FaceAspire.Vision.Rekognition;
using FaceAspire.Vision.Tests.Support;

namespace FaceAspire.Vision.Tests;

/// <summary>The trained attribute heads: their maths, the shipped files, and answers on real photos through the real engine.</summary>
public sealed class AttributeHeadTests(AnalyzerFixture engine) : IClassFixture<AnalyzerFixture>
{
    private static readonly string[] TrainedAttributes = ["Eyeglasses", "Sunglasses", "Beard", "Mustache"];

    [Fact]
    public void A_head_standardises_scores_linearly_and_calibrates_with_platt()
    {
        var head = new AttributeHead
        {
            Attribute = "Smile",
            Blocks = ["expression"],
            Mean = [0.5f, 0.1f, 1f, 0f],
            Scale = [0.25f, 0.05f, 2f, 1f],
            Weights = [1f, -2f, 0.5f, 0f],
            Bias = 0.25f,
            CalibrationA = 1.5f,
            CalibrationB = -0.5f,
        };
        var features = new float[AttributeFeatures.Length];
        var offset = AttributeFeatures.Block("expression").Offset;
        (features[offset], features[offset + 1], features[offset + 2], features[offset + 3]) = (1f, 0.2f, 3f, 42f);

        // z = 0.25 + 1 (1 - 0.5) / 0.25 - 2 (0.2 - 0.1) / 0.05 + 0.5 (3 - 1) / 2 + 0 = 0.25 + 2 - 4 + 0.5 = -1.25
        head.Score(features).ShouldBe(-1.25f, 1e-5f);
        head.Probability(features).ShouldBe(1f / (1f + MathF.Exp(-((1.5f * -1.25f) - 0.5f))), 1e-6f);

        var heads = new AttributeHeads([head]);
        var detail = heads.Apply(new FaceDetail { BoundingBox = new BoundingBox(1, 1, 0, 0), Confidence = 99 }, features);
        var smile = detail.Smile.ShouldNotBeNull();
        smile.Value.ShouldBeFalse();
        smile.Confidence.ShouldBe(100f * (1f - head.Probability(features)), 1e-3f);
        detail.Eyeglasses.ShouldBeNull();
    }

    [Fact]
    public void Heads_whose_coefficients_do_not_fit_their_blocks_are_refused()
    {
        var head = new AttributeHead
        {
            Attribute = "Beard", Blocks = ["expression"], Mean = [0f], Scale = [1f], Weights = [1f], Bias = 0, CalibrationA = 1, CalibrationB = 0,
        };

        Should.Throw<InvalidDataException>(() => new AttributeHeads([head]));
    }

    [Fact]
    public void The_engine_ships_heads_for_glasses_sunglasses_beard_and_mustache()
    {
        AttributeHeads.Default.Attributes.ShouldBeSubsetOf(["Eyeglasses", "Sunglasses", "Beard", "Mustache", "Smile", "MouthOpen", "EyesOpen"]);
        foreach (var attribute in TrainedAttributes)
        {
            var head = AttributeHeads.Default[attribute].ShouldNotBeNull(attribute);
            head.CalibrationA.ShouldBeGreaterThan(0f, attribute);
            head.Weights.ShouldContain(w => w != 0f);
        }
    }

    [Fact]
    public void Every_face_of_a_demo_photo_gets_the_trained_attributes_and_no_beard_on_young_women()
    {
        var faces = engine.Analyzer.Analyze(TestPaths.ReadSample(6), FaceAttributeSet.All, false, TestContext.Current.CancellationToken);

        faces.Count.ShouldBe(4);
        foreach (var detail in faces.Select(f => f.Detail))
        {
            foreach (var answer in new[] { detail.Eyeglasses, detail.Sunglasses, detail.Beard, detail.Mustache })
            {
                answer.ShouldNotBeNull().Confidence.ShouldBeInRange(50f, 100f);
            }

            detail.Beard!.Value.ShouldBeFalse();
            detail.Mustache!.Value.ShouldBeFalse();
            detail.Sunglasses!.Value.ShouldBeFalse();
        }
    }

    // Validation-side CelebA crops whose labels are certain by eye-region hand label (sunglasses_handlabel.csv) or by the
    // CelebA attributes (a full beard); regression checks that the shipped heads still answer them.
    [Theory]
    [InlineData("celeba_align_attr/images/012951.jpg", true, true)]
    [InlineData("celeba_align_attr/images/007572.jpg", true, false)]
    public void Glasses_heads_tell_sunglasses_from_clear_glasses_on_labelled_faces(string relative, bool eyeglasses, bool sunglasses)
    {
        var bytes = File.ReadAllBytes(TestPaths.EvalFile(relative));
        var face = Largest(bytes).Detail;

        face.Eyeglasses.ShouldNotBeNull().Value.ShouldBe(eyeglasses);
        face.Sunglasses.ShouldNotBeNull().Value.ShouldBe(sunglasses);
    }

    [Fact]
    public void The_beard_head_finds_a_labelled_beard()
    {
        var face = Largest(File.ReadAllBytes(TestPaths.EvalFile("celeba_align_attr/images/000109.jpg"))).Detail;

        face.Beard.ShouldNotBeNull().Value.ShouldBeTrue();
        face.Sunglasses.ShouldNotBeNull().Value.ShouldBeFalse();
    }

    // Validation-side CelebA crops labelled Mustache: with the decision prior the head answers them "true" (the
    // version-5 head, calibrated to CelebA's 4 % share, found only about a quarter of labelled mustaches).
    [Theory]
    [InlineData("celeba_align_attr/images/009472.jpg")]
    [InlineData("celeba_align_attr/images/012766.jpg")]
    public void The_mustache_head_finds_labelled_mustaches(string relative)
    {
        var face = Largest(File.ReadAllBytes(TestPaths.EvalFile(relative))).Detail;

        face.Mustache.ShouldNotBeNull().Value.ShouldBeTrue();
        face.Mustache.Confidence.ShouldBeGreaterThan(80f);
    }

    [Fact]
    public void Kept_feature_vectors_have_the_documented_layout()
    {
        using var analyzer = new FaceAnalyzer(engine.Models, new FaceAnalyzerOptions { KeepAttributeFeatures = true });
        var faces = analyzer.Analyze(TestPaths.ReadSample(2), FaceAttributeSet.All, false, TestContext.Current.CancellationToken);

        faces.ShouldNotBeEmpty();
        foreach (var features in faces.Select(f => f.AttributeFeatures.ShouldNotBeNull()))
        {
            features.Length.ShouldBe(AttributeFeatures.Length);
            features.ShouldAllBe(v => float.IsFinite(v));
            var descriptor = features.AsSpan(AttributeFeatures.Block("descriptor").Offset, 1024).ToArray();
            MathF.Sqrt(descriptor.Sum(v => v * v)).ShouldBe(1f, 1e-3f);
            // Activations after ReLU6 are in [0, 6]; region means too.
            features.AsSpan(AttributeFeatures.Block("pw11.eyes").Offset, (512 + 1024) * 5).ToArray().ShouldAllBe(v => v >= 0f && v <= 6f);
        }

        engine.Analyzer.Analyze(TestPaths.ReadSample(2), FaceAttributeSet.All, false, TestContext.Current.CancellationToken)
            .ShouldAllBe(f => f.AttributeFeatures == null);
    }

    private AnalyzedFace Largest(byte[] crop)
    {
        // These aligned CelebA crops are found as they are (no padding needed).
        var faces = engine.Analyzer.Analyze(crop, FaceAttributeSet.All, false, TestContext.Current.CancellationToken);
        return faces.ShouldHaveSingleItem();
    }
}
