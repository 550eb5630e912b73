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
        var bySize = new int[SizeBins.Length + 2, 2];
        foreach (var sample in samples)
        {
            var image = EvalImages.Load(sample.ImagePath);
            var boxes = clock.Analyze(image, EngineOutputs.Boxes, cancellationToken)
                .Select(f => f.Detail.BoundingBox)
                .Select(b => (b.Left * image.Width, b.Top * image.Height, b.Width * image.Width, b.Height * image.Height))
                .ToList();
            var assigned = NoseMatching.Assign(sample.NosePoints, boxes);
            var matched = assigned.Count(b => b >= 0);
            CountBySize(assigned, boxes, bySize);
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
                .. SizeRows(dataset, bySize),
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

    /// <summary>Upper bounds (exclusive) of the face-height bins recall is broken down by, in photo pixels; the last bin is open.</summary>
    internal static readonly int[] SizeBins = [48, 96];

    /// <summary>
    /// Adds each marked face of one photo to its height bin (rows: <see cref="SizeBins"/> and the open bin, then size
    /// unknown; column 0: all, column 1: found). A found face's height
    /// is its box's; a missed face is given the median height of the faces found in the same photo (group photos hold
    /// faces of similar size), and the last row (size unknown) when none was found there.
    /// </summary>
    internal static void CountBySize(int[] assigned, IReadOnlyList<(float Left, float Top, float Width, float Height)> boxes, int[,] bySize)
    {
        var heights = assigned.Where(b => b >= 0).Select(b => boxes[b].Height).Order().ToList();
        float? median = heights.Count == 0 ? null : heights[heights.Count / 2];
        foreach (var box in assigned)
        {
            float? height = box >= 0 ? boxes[box].Height : median;
            var bin = height is { } h ? SizeBins.Count(bound => h >= bound) : SizeBins.Length + 1;
            bySize[bin, 0]++;
            bySize[bin, 1] += box >= 0 ? 1 : 0;
        }
    }

    private static IEnumerable<MetricRow> SizeRows(string dataset, int[,] bySize)
    {
        for (var bin = 0; bin < bySize.GetLength(0); bin++)
        {
            var (all, found) = (bySize[bin, 0], bySize[bin, 1]);
            if (all == 0)
            {
                continue;
            }

            var label = bin == 0 ? $"under {SizeBins[0]} px high"
                : bin < SizeBins.Length ? $"{SizeBins[bin - 1]}-{SizeBins[bin]} px high"
                : bin == SizeBins.Length ? $"{SizeBins[^1]} px high and more"
                : "of unknown size (none found in the photo)";
            yield return new MetricRow(dataset, $"recall, faces {label}", (double)found / all, all, NoFace: all - found);
        }
    }
}

/// <summary>One-to-one matching of nose points to boxes.</summary>
public static class NoseMatching
{
    /// <summary>
    /// How many noses are claimed by a box that contains them: candidate (box, nose) pairs are taken in order of
    /// the nose's distance to the box centre, each box and each nose used at most once.
    /// </summary>
    public static int Match(IReadOnlyList<(float X, float Y)> noses, IReadOnlyList<(float Left, float Top, float Width, float Height)> boxes) =>
        Assign(noses, boxes).Count(b => b >= 0);

    /// <summary>For each nose, the box that claims it (see <see cref="Match"/>), or -1.</summary>
    public static int[] Assign(IReadOnlyList<(float X, float Y)> noses, IReadOnlyList<(float Left, float Top, float Width, float Height)> boxes)
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

        var usedBoxes = new HashSet<int>();
        var assigned = Enumerable.Repeat(-1, noses.Count).ToArray();
        foreach (var (_, box, nose) in candidates.OrderBy(c => c.Distance))
        {
            if (assigned[nose] < 0 && usedBoxes.Add(box))
            {
                assigned[nose] = box;
            }
        }

        return assigned;
    }
}
