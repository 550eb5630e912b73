using FaceAspire.Evaluation.Datasets;
using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Evaluation.Tests.Datasets;

/// <summary>Readers against the real evaluation folder: counts from each README, labels mapped, every file present.</summary>
public sealed class DatasetReaderTests
{
    [Fact]
    public void CompreFace_has_18_photos_and_46_nose_points()
    {
        var samples = CompreFaceSamples.Read(EvalData.RootOrSkip());

        samples.Count.ShouldBe(18);
        samples.Sum(s => s.NosePoints.Count).ShouldBe(46);
        samples.Count(s => s.NosePoints.Count == 0).ShouldBe(1);
        samples.ShouldAllBe(s => File.Exists(s.ImagePath));
        samples.First(s => s.ImagePath.EndsWith("000_5.jpg", StringComparison.Ordinal)).NosePoints[0].ShouldBe((219f, 105f));
    }

    [Fact]
    public void Fer2013_reads_public_test_with_neutral_as_calm()
    {
        var samples = EmotionSets.ReadFer2013(EvalData.RootOrSkip());

        samples.Count.ShouldBe(3589);
        samples.Count(s => s.Label == EmotionTypes.Calm).ShouldBe(607);
        samples.Count(s => s.Label == EmotionTypes.Disgusted).ShouldBe(56);
        samples.Count(s => s.Side == SplitSide.Validation).ShouldBeInRange(1600, 2000);
        File.Exists(samples[0].ImagePath).ShouldBeTrue();
    }

    [Fact]
    public void Jaffe_is_split_by_subject()
    {
        var samples = EmotionSets.ReadJaffe(EvalData.RootOrSkip());

        samples.Count.ShouldBe(213);
        samples.GroupBy(s => Path.GetFileName(s.ImagePath)[..2])
            .ShouldAllBe(subject => subject.Select(s => s.Side).Distinct().Count() == 1);
        samples.Select(s => s.Side).Distinct().Count().ShouldBe(2);
    }

    [Fact]
    public void Verification_pairs_never_cross_the_split()
    {
        var root = EvalData.RootOrSkip();
        var images = VerificationSets.ReadCelebaWildImages(root);
        var sideOf = images.ToDictionary(i => i.ImagePath, i => i.Side);

        var pairs = VerificationSets.ReadCelebaWild(root);
        pairs.ShouldNotBeEmpty();
        pairs.ShouldAllBe(p => sideOf[p.ImageA] == p.Side && sideOf[p.ImageB] == p.Side);
        images.GroupBy(i => i.Identity).ShouldAllBe(g => g.Select(i => i.Side).Distinct().Count() == 1);

        var deepface = VerificationSets.ReadDeepface(root);
        deepface.Count.ShouldBeLessThan(1830);
        deepface.Count(p => p.Same).ShouldBeGreaterThan(0);
        VerificationSets.ReadDeepfaceImages(root).Count.ShouldBe(61);
    }

    [Fact]
    public void Cew_faces_keep_both_eye_states_and_their_sources()
    {
        var samples = EyeStateSets.ReadCewFaces(EvalData.RootOrSkip());

        samples.Count(s => s.Label == EyeStateSets.Closed).ShouldBe(586);
        samples.Count(s => s.Label == EyeStateSets.Open).ShouldBe(170);
        samples.Where(s => s.Label == EyeStateSets.Open).Select(s => s.Source).Distinct().Count().ShouldBe(1);
        samples.ShouldAllBe(s => File.Exists(s.ImagePath));
    }

    [Fact]
    public void Celeba_attributes_map_no_beard_to_beard_and_sunglasses_from_the_hand_labels()
    {
        var samples = AttributeSets.ReadCelebaAlign(EvalData.RootOrSkip());

        samples.Count.ShouldBe(9950);
        var first = samples[0];
        first.ImagePath.ShouldEndWith("000002.jpg");
        first.Labels[AttributeNames.Smile].ShouldBeTrue();
        first.Labels[AttributeNames.Beard].ShouldBeFalse();
        samples.Count(s => s.Labels.GetValueOrDefault(AttributeNames.Sunglasses)).ShouldBeGreaterThan(0);
        samples.ShouldAllBe(s => !s.Labels.GetValueOrDefault(AttributeNames.Sunglasses) || s.Labels[AttributeNames.Eyeglasses]);
    }

    [Fact]
    public void Yale_drops_duplicate_files_and_labels_sleepy_as_eyes_closed()
    {
        var samples = AttributeSets.ReadYale(EvalData.RootOrSkip());

        samples.Count.ShouldBe(155);
        samples.Count(s => s.Labels.TryGetValue(AttributeNames.EyesOpen, out var open) && !open).ShouldBe(15);
        samples.Count(s => s.Labels[AttributeNames.Sunglasses]).ShouldBe(1);
    }
}
