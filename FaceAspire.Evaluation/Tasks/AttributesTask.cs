using System.Diagnostics;
using FaceAspire.Evaluation.Datasets;
using FaceAspire.Evaluation.Engines;
using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Evaluation.Tasks;

/// <summary>
/// Yes/no attributes on <c>celeba_align_attr</c> (validation identities): balanced accuracy (CelebA's classes are
/// unbalanced) and ECE per attribute; Sunglasses also against clear glasses and against no glasses apart. Then
/// Eyeglasses and Sunglasses on <c>yalefaces</c> (validation subjects; grayscale, another camera) as an
/// out-of-distribution check. An attribute the engine does not answer gets a "not answered" note instead of rows.
/// </summary>
public static class AttributesTask
{
    public const string Name = "attributes";

    private static readonly (string Attribute, Func<FaceDetail, BooleanAttribute?> Read, string? Target)[] Scored =
    [
        (AttributeNames.Smile, d => d.Smile, ">= 0.90"),
        (AttributeNames.MouthOpen, d => d.MouthOpen, ">= 0.88"),
        (AttributeNames.Eyeglasses, d => d.Eyeglasses, ">= 0.97"),
        (AttributeNames.Sunglasses, d => d.Sunglasses, ">= 0.90"),
        (AttributeNames.Beard, d => d.Beard, ">= 0.90"),
        (AttributeNames.Mustache, d => d.Mustache, ">= 0.85"),
    ];

    public static TaskReport Run(IFaceEngine engine, string evalRoot, int? limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var started = Stopwatch.GetTimestamp();
        var clock = new EngineClock(engine);
        var samples = SampleLimit.Spread(AttributeSets.ReadCelebaAlign(evalRoot).Where(s => s.Side == SplitSide.Validation), limit);
        var scores = Scored.ToDictionary(s => s.Attribute, _ => new BinaryAttributeScore(), StringComparer.Ordinal);
        var (sunVsClear, sunVsNone) = (new BinaryAttributeScore(), new BinaryAttributeScore());
        var noFace = 0;
        foreach (var sample in samples)
        {
            var face = clock.AnalyzeLargest(EvalImages.Load(sample.ImagePath), EngineOutputs.Attributes, cancellationToken);
            noFace += face is null ? 1 : 0;
            foreach (var (attribute, read, _) in Scored)
            {
                if (sample.Labels.TryGetValue(attribute, out var truth))
                {
                    scores[attribute].Add(truth, face is null ? null : read(face.Detail), face is not null);
                }
            }

            if (sample.Labels.TryGetValue(AttributeNames.Sunglasses, out var sun))
            {
                // Sunglasses wearers count in both comparisons; clear-glasses and no-glasses faces in one each.
                var answer = face?.Detail.Sunglasses;
                if (sun || sample.Labels[AttributeNames.Eyeglasses])
                {
                    sunVsClear.Add(sun, answer, face is not null);
                }

                if (sun || !sample.Labels[AttributeNames.Eyeglasses])
                {
                    sunVsNone.Add(sun, answer, face is not null);
                }
            }
        }

        const string dataset = AttributeSets.CelebaAlign;
        var rows = new List<MetricRow>();
        var notes = new List<string> { $"{noFace} of {samples.Count} crops without a face found (counted wrong)." };
        foreach (var (attribute, _, target) in Scored)
        {
            var score = scores[attribute];
            if (score.Answered == 0)
            {
                notes.Add($"{attribute}: not answered by {engine.Name}.");
                continue;
            }

            rows.Add(new MetricRow(dataset, $"balanced accuracy {attribute}", score.Matrix.BalancedAccuracy(), score.Matrix.Total, target, score.NoFace));
            rows.Add(new MetricRow(dataset, $"ECE {attribute}", score.Ece(), score.Answered, "<= 0.05", score.NoFace));
        }

        foreach (var (suffix, score) in new[] { ("vs clear glasses", sunVsClear), ("vs no glasses", sunVsNone) })
        {
            if (score.Answered > 0)
            {
                rows.Add(new MetricRow(dataset, $"balanced accuracy {AttributeNames.Sunglasses} {suffix}", score.Matrix.BalancedAccuracy(), score.Matrix.Total, ">= 0.90", score.NoFace));
            }
        }

        var yale = SampleLimit.Spread(AttributeSets.ReadYale(evalRoot).Where(s => s.Side == SplitSide.Validation), limit);
        var (yaleGlasses, yaleSun) = (new BinaryAttributeScore(), new BinaryAttributeScore());
        foreach (var sample in yale)
        {
            var face = clock.AnalyzeLargest(EvalImages.Load(sample.ImagePath), EngineOutputs.Attributes, cancellationToken);
            yaleGlasses.Add(sample.Labels[AttributeNames.Eyeglasses], face?.Detail.Eyeglasses, face is not null);
            yaleSun.Add(sample.Labels[AttributeNames.Sunglasses], face?.Detail.Sunglasses, face is not null);
        }

        if (yaleGlasses.Answered > 0)
        {
            rows.Add(new MetricRow(AttributeSets.Yale, $"balanced accuracy {AttributeNames.Eyeglasses}", yaleGlasses.Matrix.BalancedAccuracy(), yaleGlasses.Matrix.Total, ">= 0.80", yaleGlasses.NoFace));
            rows.Add(new MetricRow(AttributeSets.Yale, $"ECE {AttributeNames.Eyeglasses}", yaleGlasses.Ece(), yaleGlasses.Answered, NoFace: yaleGlasses.NoFace));
            rows.Add(new MetricRow(AttributeSets.Yale, $"accuracy {AttributeNames.Sunglasses}", yaleSun.Matrix.Accuracy(), yaleSun.Matrix.Total, NoFace: yaleSun.NoFace));
        }

        return new TaskReport(Name, engine.Name, rows, samples.Count + yale.Count, Stopwatch.GetElapsedTime(started).TotalSeconds, clock.MillisecondsPerCall, notes);
    }
}
