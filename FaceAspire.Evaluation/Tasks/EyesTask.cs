using System.Diagnostics;
using FaceAspire.Evaluation.Datasets;
using FaceAspire.Evaluation.Engines;

namespace FaceAspire.Evaluation.Tasks;

/// <summary>
/// Eyes open on <c>cew_closed_faces</c> and on <c>yalefaces</c> (validation side of each). Closed and open faces of
/// CEW come from different sources, so each class's accuracy (its recall) is reported on its own, as the folder's
/// README asks; Yale has both classes from one camera, which shows whether the answer is about the eyes.
/// </summary>
public static class EyesTask
{
    public const string Name = "eyes";

    public static TaskReport Run(IFaceEngine engine, string evalRoot, int? limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var started = Stopwatch.GetTimestamp();
        var clock = new EngineClock(engine);
        var all = EyeStateSets.ReadCewFaces(evalRoot).Where(s => s.Side == SplitSide.Validation).ToList();

        // The limit applies per class, so a short run still measures both.
        var samples = SampleLimit.Spread(all.Where(s => s.Label == EyeStateSets.Closed), limit)
            .Concat(SampleLimit.Spread(all.Where(s => s.Label == EyeStateSets.Open), limit)).ToList();
        var score = new BinaryAttributeScore();
        var noFace = 0;
        foreach (var sample in samples)
        {
            var face = clock.AnalyzeLargest(EvalImages.Load(sample.ImagePath), EngineOutputs.Attributes, cancellationToken);
            noFace += face is null ? 1 : 0;
            score.Add(sample.Label == EyeStateSets.Open, face?.Detail.EyesOpen, face is not null);
        }

        // Yale: another camera and light (grayscale, 320x243), eyes open or both closed ("sleepy"); winks have no
        // EyesOpen label. Validation-side subjects only.
        var yale = SampleLimit.Spread(
            AttributeSets.ReadYale(evalRoot).Where(s => s.Side == SplitSide.Validation && s.Labels.ContainsKey(AttributeNames.EyesOpen)), limit);
        var yaleScore = new BinaryAttributeScore();
        foreach (var sample in yale)
        {
            var face = clock.AnalyzeLargest(EvalImages.Load(sample.ImagePath), EngineOutputs.Attributes, cancellationToken);
            yaleScore.Add(sample.Labels[AttributeNames.EyesOpen], face?.Detail.EyesOpen, face is not null);
        }

        const string dataset = EyeStateSets.Folder;
        var (yes, no) = (BinaryAttributeScore.Yes, BinaryAttributeScore.No);
        return new TaskReport(
            Name,
            engine.Name,
            [
                new MetricRow(dataset, "accuracy open (UTKFace)", score.Matrix.Recall(yes), score.Matrix.Support(yes), ">= 0.95", score.NoFaceYes),
                new MetricRow(dataset, "accuracy closed (CEW)", score.Matrix.Recall(no), score.Matrix.Support(no), ">= 0.95", score.NoFaceNo),
                new MetricRow(dataset, "ECE EyesOpen", score.Ece(), score.Answered, "<= 0.05", score.NoFace),
                new MetricRow(AttributeSets.Yale, "accuracy open", yaleScore.Matrix.Recall(yes), yaleScore.Matrix.Support(yes), ">= 0.95", yaleScore.NoFaceYes),
                new MetricRow(AttributeSets.Yale, "accuracy closed", yaleScore.Matrix.Recall(no), yaleScore.Matrix.Support(no), ">= 0.95", yaleScore.NoFaceNo),
                new MetricRow(AttributeSets.Yale, "ECE EyesOpen", yaleScore.Ece(), yaleScore.Answered, "<= 0.05", yaleScore.NoFace),
            ],
            samples.Count + yale.Count,
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            clock.MillisecondsPerCall,
            [
                $"{noFace} of {samples.Count} faces not found, {score.Unanswered} without an EyesOpen answer (counted wrong).",
                $"{AttributeSets.Yale}: {yale.Count} validation-side faces of {yale.Select(s => Path.GetFileName(s.ImagePath).Split('_')[0]).Distinct().Count()} subjects, {yaleScore.NoFace} not found.",
            ]);
    }
}
