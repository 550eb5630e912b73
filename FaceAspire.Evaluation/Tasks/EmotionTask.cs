using System.Diagnostics;
using FaceAspire.Evaluation.Datasets;
using FaceAspire.Evaluation.Engines;
using FaceAspire.Evaluation.Metrics;

namespace FaceAspire.Evaluation.Tasks;

/// <summary>
/// Emotion on FER2013 PublicTest and JAFFE (validation sides): the prediction is the engine's top emotion of
/// the largest face. A photo where no face is found counts as wrong (the "no face" column).
/// </summary>
public static class EmotionTask
{
    public const string Name = "emotion";

    public static TaskReport Run(IFaceEngine engine, string evalRoot, int? limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var started = Stopwatch.GetTimestamp();
        var clock = new EngineClock(engine);
        var rows = new List<MetricRow>();
        var notes = new List<string>();
        var images = 0;
        Score(EmotionSets.Fer2013, EmotionSets.ReadFer2013(evalRoot), ">= 0.65");
        Score(EmotionSets.Jaffe, EmotionSets.ReadJaffe(evalRoot), null);
        return new TaskReport(Name, engine.Name, rows, images, Stopwatch.GetElapsedTime(started).TotalSeconds, clock.MillisecondsPerCall, notes);

        void Score(string dataset, IReadOnlyList<LabelledImage> all, string? target)
        {
            var samples = SampleLimit.Spread(all.Where(s => s.Side == SplitSide.Validation), limit);
            var matrix = new ConfusionMatrix(EmotionSets.Classes);
            var noFace = EmotionSets.Classes.ToDictionary(c => c, _ => 0, StringComparer.Ordinal);
            foreach (var sample in samples)
            {
                var face = clock.AnalyzeLargest(EvalImages.Load(sample.ImagePath), EngineOutputs.Attributes, cancellationToken);
                noFace[sample.Label] += face is null ? 1 : 0;
                matrix.Add(sample.Label, face?.Detail.Emotions?.MaxBy(e => e.Confidence)?.Type);
            }

            images += samples.Count;
            var missed = noFace.Values.Sum();
            rows.Add(new MetricRow(dataset, "accuracy", matrix.Accuracy(), samples.Count, target, missed));
            rows.Add(new MetricRow(dataset, "balanced accuracy", matrix.BalancedAccuracy(), samples.Count, NoFace: missed));
            rows.AddRange(EmotionSets.Classes.Select(c => new MetricRow(dataset, "recall " + c, matrix.Recall(c), matrix.Support(c), NoFace: noFace[c])));
            notes.Add($"{dataset}: {missed} of {samples.Count} validation images without a face found (counted wrong).");
        }
    }
}
