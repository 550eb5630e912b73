using System.Diagnostics;
using FaceAspire.Evaluation.Datasets;
using FaceAspire.Evaluation.Engines;
using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Evaluation.Tasks;

/// <summary>
/// Smile and mouth open on <c>celeba_align_attr</c> (validation identities): balanced accuracy (CelebA's
/// classes are unbalanced) and ECE per attribute. Eyeglasses, sunglasses, beard and mustache are scored too
/// once the engine answers them; until then their rows say "not answered" (NaN).
/// </summary>
public static class AttributesTask
{
    public const string Name = "attributes";

    private static readonly (string Attribute, Func<FaceDetail, BooleanAttribute?> Read, string? Target)[] Scored =
    [
        (AttributeNames.Smile, d => d.Smile, ">= 0.90"),
        (AttributeNames.MouthOpen, d => d.MouthOpen, ">= 0.88"),
        (AttributeNames.Eyeglasses, d => d.Eyeglasses, null),
        (AttributeNames.Sunglasses, d => d.Sunglasses, null),
        (AttributeNames.Beard, d => d.Beard, null),
        (AttributeNames.Mustache, d => d.Mustache, null),
    ];

    public static TaskReport Run(IFaceEngine engine, string evalRoot, int? limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var started = Stopwatch.GetTimestamp();
        var clock = new EngineClock(engine);
        var samples = SampleLimit.Spread(AttributeSets.ReadCelebaAlign(evalRoot).Where(s => s.Side == SplitSide.Validation), limit);
        var scores = Scored.ToDictionary(s => s.Attribute, _ => new BinaryAttributeScore(), StringComparer.Ordinal);
        var noFace = 0;
        foreach (var sample in samples)
        {
            var face = clock.AnalyzeCrop(EvalImages.Load(sample.ImagePath), EngineOutputs.Attributes, cancellationToken);
            noFace += face is null ? 1 : 0;
            foreach (var (attribute, read, _) in Scored)
            {
                if (sample.Labels.TryGetValue(attribute, out var truth))
                {
                    scores[attribute].Add(truth, face is null ? null : read(face.Detail));
                }
            }
        }

        const string dataset = AttributeSets.CelebaAlign;
        var rows = new List<MetricRow>();
        var notes = new List<string> { $"{noFace} of {samples.Count} crops without a face found even padded (counted wrong); {clock.Padded} needed padding." };
        foreach (var (attribute, _, target) in Scored)
        {
            var score = scores[attribute];
            if (score.Answered == 0)
            {
                notes.Add($"{attribute}: not answered by {engine.Name}.");
                continue;
            }

            rows.Add(new MetricRow(dataset, $"balanced accuracy {attribute}", score.Matrix.BalancedAccuracy(), score.Matrix.Total, target));
            rows.Add(new MetricRow(dataset, $"ECE {attribute}", score.Ece(), score.Answered, "<= 0.05"));
        }

        return new TaskReport(Name, engine.Name, rows, samples.Count, Stopwatch.GetElapsedTime(started).TotalSeconds, clock.MillisecondsPerCall, notes);
    }
}
