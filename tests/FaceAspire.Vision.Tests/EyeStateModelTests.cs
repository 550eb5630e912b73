using System.Text.Json;
using FaceAspire.Vision.Attributes;
using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Pipeline;
using FaceAspire.Vision.Tests.Support;

namespace FaceAspire.Vision.Tests;

/// <summary>The eye-state model behind EyesOpen: its maths, the shipped file, and answers on validation-side eval images.</summary>
public sealed class EyeStateModelTests(AnalyzerFixture engine) : IClassFixture<AnalyzerFixture>
{
    private static float[] Gradient() => [.. Enumerable.Range(0, EyeStateModel.Size * EyeStateModel.Size).Select(i => (i % EyeStateModel.Size) / 23f)];

    [Fact]
    public void Pixel_features_are_contrast_normalised_and_hog_is_a_unit_histogram_of_the_gradient_direction()
    {
        var patch = Gradient();
        var pixels = EyeStateModel.Describe(patch, ["pixels"]);
        pixels.Length.ShouldBe(576);
        pixels.Average().ShouldBe(0f, 1e-4f);
        // Brightness and contrast do not change them.
        EyeStateModel.Describe([.. patch.Select(v => (0.5f * v) + 0.2f)], ["pixels"]).Zip(pixels).ShouldAllBe(p => MathF.Abs(p.First - p.Second) < 0.05f);

        var hog = EyeStateModel.Describe(patch, ["hog"]);
        hog.Length.ShouldBe(4 * 4 * 9);
        MathF.Sqrt(hog.Sum(v => v * v)).ShouldBe(1f, 1e-3f);
        // A horizontal ramp has horizontal gradients only: orientation 0, split between the first and last bins.
        for (var cell = 0; cell < 16; cell++)
        {
            hog.Skip((cell * 9) + 1).Take(7).ShouldAllBe(v => v == 0f);
            (hog[cell * 9] + hog[(cell * 9) + 8]).ShouldBeGreaterThan(0f);
        }

        EyeStateModel.FeatureLength(["pixels", "hog"]).ShouldBe(576 + 144);
        Should.Throw<ArgumentException>(() => EyeStateModel.Describe(new float[10], ["pixels"]));
    }

    [Fact]
    public void A_logistic_model_and_a_perceptron_score_standardised_features_as_documented()
    {
        var patch = Gradient();
        var x = EyeStateModel.Describe(patch, ["hog"]);
        var mean = Enumerable.Range(0, x.Length).Select(i => 0.01f * (i % 5)).ToArray();
        var scale = Enumerable.Range(0, x.Length).Select(i => 0.5f + (0.1f * (i % 3))).ToArray();
        var weights = Enumerable.Range(0, x.Length).Select(i => (i % 2 == 0 ? 1f : -0.5f) * 0.1f).ToArray();
        var logistic = new EyeStateModel { Features = ["hog"], CropScale = 1.5f, CropShift = 0, Mean = mean, Scale = scale, Weights = weights, Bias = 0.3f };
        var z = 0.3 + x.Select((v, i) => weights[i] * (v - mean[i]) / scale[i]).Sum();
        logistic.Logit(patch).ShouldBe((float)z, 1e-4f);

        // Two ReLU units: the first active, the second driven below zero by its bias.
        var hidden = new float[2 * x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            (hidden[i], hidden[x.Length + i]) = (0.2f, 0.1f);
        }

        var perceptron = logistic with { HiddenWeights = hidden, HiddenBias = [0.5f, -1000f], Weights = [2f, 7f], Bias = -1f };
        var standardised = x.Select((v, i) => (v - mean[i]) / scale[i]).ToArray();
        var unit = 0.5 + standardised.Sum(v => 0.2 * v);
        perceptron.Logit(patch).ShouldBe((float)(-1 + (2 * Math.Max(unit, 0))), 1e-4f);
        EyeStateModel.Validated(perceptron).ShouldBeSameAs(perceptron);
        Should.Throw<InvalidDataException>(() => EyeStateModel.Validated(perceptron with { Weights = [1f] }));
        Should.Throw<InvalidDataException>(() => EyeStateModel.Validated(logistic with { Mean = [0f] }));

        // Mirror averaging: the mean of the patch's and its mirror's scores.
        var mirrored = new float[patch.Length];
        EyeStateModel.Mirror(patch, mirrored);
        mirrored[0].ShouldBe(patch[23]);
        (logistic with { MirrorAverage = true }).EyeScore(patch).ShouldBe((logistic.Logit(patch) + logistic.Logit(mirrored)) / 2, 1e-5f);
    }

    [Fact]
    public void Hidden_weights_are_stored_as_half_precision_base64_and_read_back()
    {
        float[] values = [0.1f, -2.5f, 1e-3f, 65000f];
        var model = new EyeStateModel
        {
            Features = ["pixels"], CropScale = 1.5f, CropShift = 0, Mean = [1f], Scale = [1f], Weights = [1f], Bias = 0, HiddenWeights = values, HiddenBias = [0f],
        };

        var json = JsonSerializer.Serialize(model, EyeStateModelJsonContext.Default.EyeStateModel);
        json.ShouldContain("\"hiddenWeights\": \"");
        var read = JsonSerializer.Deserialize(json, EyeStateModelJsonContext.Default.EyeStateModel).ShouldNotBeNull();
        read.HiddenWeights.ShouldBe(HalfArrayBase64Converter.Round(values));
        read.HiddenWeights![1].ShouldBe(-2.5f);
        read.HiddenWeights[0].ShouldBe(0.1f, 1e-4f);
    }

    [Fact]
    public void The_engine_ships_an_eye_model_and_the_eyes_open_head_reads_its_scores()
    {
        var model = EyeStateModel.Default;
        EyeStateModel.Validated(model).ShouldBeSameAs(model);
        model.CropScale.ShouldBeInRange(1f, 3f);
        model.Notes.ShouldNotBeNull().Keys.ShouldContain("validation");
        model.Fingerprint.Length.ShouldBe(16);
        AttributeHeads.Default["EyesOpen"].ShouldNotBeNull().Blocks.ShouldContain("eyemodel");
    }

    // Validation-side CEW eye patches (never trained on): the model alone, on the patches as they are.
    [Theory]
    [InlineData("cew_eye_patches/images/closedLeftEyes/closed_eye_0009.jpg_face_1_L.jpg", false)]
    [InlineData("cew_eye_patches/images/openLeftEyes/Adam_Rich_0001_L.jpg", true)]
    public void The_model_tells_open_from_closed_validation_patches(string relative, bool open)
    {
        var image = ImageDecoder.Decode(File.ReadAllBytes(TestPaths.EvalFile(relative)));
        var patch = new float[EyeStateModel.Size * EyeStateModel.Size];
        ImageSampler.SampleGray(image, AffineTransform.Identity, EyeStateModel.Size, EyeStateModel.Size, patch, (0.299f, 0.587f, 0.114f), 1f / 255f, 0f);

        (EyeStateModel.Default.EyeScore(patch) > 0).ShouldBe(open);
    }

    // Validation-side cew_closed_faces images (never trained on, neither the face nor its eye patches): both eyes cut
    // through the engine's mesh, and the EyesOpen answer built on them.
    [Theory]
    [InlineData("cew_closed_faces/images/closed_eye_0014.jpg_face_2.jpg", false)]
    [InlineData("cew_closed_faces/open_utkface_verified/face_839.jpg", true)]
    public void Eyes_cut_with_the_mesh_score_open_or_closed_on_validation_faces(string relative, bool open)
    {
        using var analyzer = new FaceAnalyzer(engine.Models, new FaceAnalyzerOptions { KeepAttributeFeatures = true });
        var face = analyzer.Analyze(File.ReadAllBytes(TestPaths.EvalFile(relative)), FaceAttributeSet.All, false, TestContext.Current.CancellationToken)
            .MaxBy(f => f.RelativeArea).ShouldNotBeNull();
        var block = AttributeFeatures.Block("eyemodel");
        var scores = face.AttributeFeatures.ShouldNotBeNull().AsSpan(block.Offset, block.Length).ToArray();

        (scores[0] > 0).ShouldBe(open, $"mean eye score {scores[0]}");
        scores[1].ShouldBeLessThanOrEqualTo(scores[0]);
        face.Detail.EyesOpen.ShouldNotBeNull().Value.ShouldBe(open);
    }
}
