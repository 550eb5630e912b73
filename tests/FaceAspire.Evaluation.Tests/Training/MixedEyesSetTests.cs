using FaceAspire.Evaluation.Datasets;
using FaceAspire.Evaluation.Tests.Datasets;
using FaceAspire.Evaluation.Training;

namespace FaceAspire.Evaluation.Tests.Training;

/// <summary>The EyesOpen training set mixes three sources, each with its own split (skipped where the eval folder is absent).</summary>
public sealed class MixedEyesSetTests
{
    [Fact]
    public void Mixes_cew_yale_without_winks_and_open_celeba_faces_with_unique_keys()
    {
        var root = EvalData.RootOrSkip();

        var set = TrainingSets.ReadMixedEyes(root);

        set.Select(s => s.Dataset).Distinct().Order(StringComparer.Ordinal)
            .ShouldBe([TrainingSets.CelebaAlign, TrainingSets.CewFaces, TrainingSets.Yale]);
        set.Select(s => s.Key).Distinct(StringComparer.Ordinal).Count().ShouldBe(set.Count);
        set.ShouldAllBe(s => s.Key.StartsWith(s.Dataset + "/", StringComparison.Ordinal) && s.Labels.ContainsKey(AttributeNames.EyesOpen));
        set.ShouldNotContain(s => s.Labels.ContainsKey(TrainingSets.OneEyeClosed));
        var celeba = set.Where(s => s.Dataset == TrainingSets.CelebaAlign).ToList();
        celeba.ShouldAllBe(s => s.Labels[AttributeNames.EyesOpen]);
        celeba.Count(s => s.Side == SplitSide.Train).ShouldBe(TrainingSets.CelebaOpenEyesPerSide);
        // Yale splits by subject: no subject on both sides.
        var yale = set.Where(s => s.Dataset == TrainingSets.Yale).ToList();
        yale.GroupBy(s => s.Group).ShouldAllBe(g => g.Select(s => s.Side).Distinct().Count() == 1);
        yale.ShouldContain(s => !s.Labels[AttributeNames.EyesOpen] && s.Side == SplitSide.Train);
    }
}
