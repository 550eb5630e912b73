using System.Diagnostics;
using FaceAspire.Evaluation.Datasets;
using FaceAspire.Evaluation.Engines;

namespace FaceAspire.Evaluation.Tasks;

/// <summary>
/// Detection on <c>compreface_samples</c> (validation photos): a face counts as found when a detected box
/// contains its nose point; each box can claim one nose (the one nearest its centre), and every box left
/// without a nose is a false positive. Generated photos with no face (<see cref="FacelessPhotos"/>) count false
/// positives where no face at all should be found.
/// </summary>
public static class DetectionTask
{
    public const string Name = "detection";

    /// <summary>Generated faceless photos looked at for false positives (fewer with <c>--limit</c>).</summary>
    public const int FacelessCount = 48;

    public static TaskReport Run(IFaceEngine engine, string evalRoot, int? limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var started = Stopwatch.GetTimestamp();
        var samples = SampleLimit.Spread(CompreFaceSamples.Read(evalRoot).Where(s => s.Side == SplitSide.Validation), limit);
        var clock = new EngineClock(engine);
        var (noses, found, falsePositives, empty) = (0, 0, 0, 0);
        foreach (var sample in samples)
        {
            var image = EvalImages.Load(sample.ImagePath);
            var boxes = clock.Analyze(image, EngineOutputs.Boxes, cancellationToken)
                .Select(f => f.Detail.BoundingBox)
                .Select(b => (b.Left * image.Width, b.Top * image.Height, b.Width * image.Width, b.Height * image.Height))
                .ToList();
            var matched = NoseMatching.Match(sample.NosePoints, boxes);
            noses += sample.NosePoints.Count;
            found += matched;
            falsePositives += boxes.Count - matched;
            empty += boxes.Count == 0 ? 1 : 0;
        }

        var faceless = FacelessPhotos.Generate(Math.Min(limit ?? FacelessCount, FacelessCount)).ToList();
        var (facelessBoxes, facelessEmpty) = (0, 0);
        var kinds = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (kind, image) in faceless)
        {
            var boxes = clock.Analyze(image, EngineOutputs.Boxes, cancellationToken).Count;
            facelessBoxes += boxes;
            facelessEmpty += boxes == 0 ? 1 : 0;
            if (boxes > 0)
            {
                kinds.Add(kind);
            }
        }

        const string dataset = CompreFaceSamples.Folder;
        return new TaskReport(
            Name,
            engine.Name,
            [
                new MetricRow(dataset, "recall", noses == 0 ? double.NaN : (double)found / noses, noses, ">= 0.97", noses - found),
                new MetricRow(dataset, "false positives per image", samples.Count == 0 ? double.NaN : (double)falsePositives / samples.Count, samples.Count, "<= 0.1", empty),
                new MetricRow(FacelessPhotos.Name, "false positives per image", faceless.Count == 0 ? double.NaN : (double)facelessBoxes / faceless.Count, faceless.Count, "<= 0.1", facelessEmpty),
            ],
            samples.Count + faceless.Count,
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            clock.MillisecondsPerCall,
            [
                $"{found} of {noses} marked faces found, {falsePositives} boxes without a marked face, in {samples.Count} validation photos.",
                $"{facelessBoxes} boxes in {faceless.Count} generated faceless photos" + (kinds.Count > 0 ? $" ({string.Join(", ", kinds)})." : "."),
            ]);
    }
}

/// <summary>One-to-one matching of nose points to boxes.</summary>
public static class NoseMatching
{
    /// <summary>
    /// How many noses are claimed by a box that contains them: candidate (box, nose) pairs are taken in order of
    /// the nose's distance to the box centre, each box and each nose used at most once.
    /// </summary>
    public static int Match(IReadOnlyList<(float X, float Y)> noses, IReadOnlyList<(float Left, float Top, float Width, float Height)> boxes)
    {
        ArgumentNullException.ThrowIfNull(noses);
        ArgumentNullException.ThrowIfNull(boxes);
        var candidates = new List<(double Distance, int Box, int Nose)>();
        for (var b = 0; b < boxes.Count; b++)
        {
            var (left, top, width, height) = boxes[b];
            for (var n = 0; n < noses.Count; n++)
            {
                var (x, y) = noses[n];
                if (x >= left && x <= left + width && y >= top && y <= top + height)
                {
                    var (dx, dy) = (x - (left + (width / 2)), y - (top + (height / 2)));
                    candidates.Add((Math.Sqrt((dx * dx) + (dy * dy)), b, n));
                }
            }
        }

        var (usedBoxes, usedNoses) = (new HashSet<int>(), new HashSet<int>());
        foreach (var (_, box, nose) in candidates.OrderBy(c => c.Distance))
        {
            if (!usedBoxes.Contains(box) && !usedNoses.Contains(nose))
            {
                usedBoxes.Add(box);
                usedNoses.Add(nose);
            }
        }

        return usedNoses.Count;
    }
}
