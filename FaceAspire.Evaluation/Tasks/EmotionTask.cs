using System.Diagnostics;
using FaceAspire.Evaluation.Datasets;
using FaceAspire.Evaluation.Engines;
using FaceAspire.Evaluation.Metrics;

namespace FaceAspire.Evaluation.Tasks;

/// <summary>
/// Emotion on FER2013 PublicTest and JAFFE (validation sides): the prediction is the engine's top emotion of
/// the largest face. A photo where no face is found counts as wrong (the "no face" column). The top emotion's
/// confidence is scored for calibration (expected calibration error over the faces found).
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
            var confidences = new List<(double Confidence, bool Correct)>();
            foreach (var sample in samples)
            {
                var face = clock.AnalyzeLargest(EvalImages.Load(sample.ImagePath), EngineOutputs.Attributes, cancellationToken);
                noFace[sample.Label] += face is null ? 1 : 0;
                var top = face?.Detail.Emotions?.MaxBy(e => e.Confidence);
                matrix.Add(sample.Label, top?.Type);
                if (top is not null)
                {
                    confidences.Add((Math.Clamp(top.Confidence / 100.0, 0, 1), top.Type == sample.Label));
                }
            }

            images += samples.Count;
            var missed = noFace.Values.Sum();
            rows.Add(new MetricRow(dataset, "accuracy", matrix.Accuracy(), samples.Count, target, missed));
            rows.Add(new MetricRow(dataset, "balanced accuracy", matrix.BalancedAccuracy(), samples.Count, NoFace: missed));
            if (confidences.Count > 0)
            {
                rows.Add(new MetricRow(dataset, "top-emotion ECE", CalibrationError.Expected(confidences), confidences.Count, dataset == EmotionSets.Fer2013 ? "<= 0.05" : null));
            }

            rows.AddRange(EmotionSets.Classes.Select(c => new MetricRow(dataset, "recall " + c, matrix.Recall(c), matrix.Support(c), NoFace: noFace[c])));
            notes.Add($"{dataset}: {missed} of {samples.Count} validation images without a face found (counted wrong).");
            notes.Add($"{dataset} confusion, true class: counts predicted as {string.Join(" / ", EmotionSets.Classes)} / {ConfusionMatrix.MissedColumn}: "
                + string.Join("; ", matrix.ToRows().Select(r => $"{r.Key} {string.Join(" ", r.Value.Values)}")));
        }
    }
}
