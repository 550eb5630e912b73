using FaceAspire.Evaluation.Datasets;

namespace FaceAspire.Evaluation.Tests.Datasets;

/// <summary>The labelled evaluation folder, or a skip with the reason when this machine does not have it.</summary>
internal static class EvalData
{
    public static string RootOrSkip()
    {
        var root = EvalDataLocation.Resolve();
        if (root is null)
        {
            Assert.Skip(
                $"The labelled evaluation folder was not found (set {EvalDataLocation.EnvironmentVariable} or place it at ../shared/eval beside the repository).");
        }

        return root;
    }
}
