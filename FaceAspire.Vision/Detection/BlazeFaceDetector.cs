using System.Buffers;
using System.Collections.Concurrent;
using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Protos.Onnx;
using FaceAspire.Vision.Runtime;

namespace FaceAspire.Vision.Detection;

/// <summary>
/// MediaPipe BlazeFace (back-camera variant, trained on 256x256 RGB scaled to [-1, 1]) run over the whole photo
/// at each level of <see cref="DetectionLevels"/>: the graph's input size is freed
/// (<see cref="SizeFreeDetectorGraph"/>), so one call per level covers the photo, and the per-level results are
/// merged by <see cref="NonMaxSuppression"/>.
/// </summary>
public sealed class BlazeFaceDetector : IFaceDetector, IDisposable
{
    /// <summary>Model name for <see cref="Models.IOnnxModelProvider"/>.</summary>
    public const string ModelName = "blazeface-back";

    /// <summary>Share of a large fine-level detection inside a coarser level's face that marks it a fragment of that face.</summary>
    private const float CoarserFaceOverlap = 0.5f;

    private readonly OnnxModelSession session;
    private readonly FaceDetectorOptions options;
    private readonly int threads;
    private readonly GridOutputs[] grids;
    private readonly ConcurrentDictionary<(int Width, int Height), (float X, float Y)[][]> anchors = new();

    public BlazeFaceDetector(string onnxPath, FaceDetectorOptions options, OnnxRuntimeOptions runtime)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentNullException.ThrowIfNull(runtime);

        // The level's resize shares the threads the detector's calls may use.
        threads = runtime.IntraOpThreads > 0 ? runtime.IntraOpThreads : Environment.ProcessorCount;
        var fixedSize = File.ReadAllBytes(onnxPath);
        grids = GridOutputs.Find(ModelProto.Parser.ParseFrom(fixedSize));
        session = new OnnxModelSession(SizeFreeDetectorGraph.Rewrite(fixedSize), runtime, onnxPath);
    }

    public IReadOnlyList<DetectedFace> Detect(RgbImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Detect(image, DetectionLevels.Plan(image.Width, image.Height, options), cancellationToken);
    }

    /// <summary>
    /// Looks only at the whole-image level (the image at the detector's trained input size): the faces that fill a
    /// large share of the image, at the cost of one small inference.
    /// </summary>
    public IReadOnlyList<DetectedFace> DetectWholeImageLevel(RgbImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Detect(image, DetectionLevels.Plan(image.Width, image.Height, options with { EnableSmallFaces = false }), cancellationToken);
    }

    private List<DetectedFace> Detect(RgbImage image, IReadOnlyList<DetectionLevel> levels, CancellationToken cancellationToken)
    {
        // Coarsest level first: a face too large for a finer level is kept there only where no coarser level found
        // a face, which drops the fragments a fine level makes of a large face yet keeps a face only it sees (one cut
        // by the photo's border, say).
        var found = new List<DetectedFace>();
        for (var i = levels.Count - 1; i >= 0; i--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var level = levels[i];
            var atLevel = new List<DetectedFace>();
            DetectAtLevel(image, level, atLevel);
            var coarser = found.Count;
            foreach (var face in atLevel)
            {
                if (face.Box.Height * level.ScaleY <= level.LargestFace
                    || !found.Take(coarser).Any(c => c.Box.IntersectionOverMinimum(face.Box) > CoarserFaceOverlap))
                {
                    found.Add(face);
                }
            }
        }

        var merged = NonMaxSuppression.Apply(found, options.NmsIouThreshold, options.NmsContainmentThreshold)
            .Select(kept => kept with { Alternative = RunnerUp(kept, found) });
        return [.. merged.OrderByDescending(f => f.Box.Area).Take(options.MaxFaces).OrderByDescending(f => f.Score)];
    }

    private DetectedFace? RunnerUp(DetectedFace kept, List<DetectedFace> candidates)
    {
        DetectedFace? best = null;
        foreach (var c in candidates)
        {
            if (!ReferenceEquals(c, kept) && (best is null || c.Score > best.Score) && kept.Box.IntersectionOverUnion(c.Box) > options.NmsIouThreshold)
            {
                best = c;
            }
        }

        return best;
    }

    /// <summary>Runs the detector on one pyramid level and adds what it finds, in image pixels, to <paramref name="into"/>.</summary>
    public void DetectAtLevel(RgbImage image, DetectionLevel level, List<DetectedFace> into)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(level);
        ArgumentNullException.ThrowIfNull(into);
        var length = level.InputWidth * level.InputHeight * 3;
        var buffer = ArrayPool<float>.Shared.Rent(length);
        try
        {
            var input = buffer.AsSpan(0, length);
            input.Fill(-1f);
            ImageResizer.ResizeRgb(image, level.Width, level.Height, buffer, level.InputWidth, 1f / 127.5f, -1f, threads);
            using var outputs = session.Run(buffer.AsMemory(0, length), [1, level.InputHeight, level.InputWidth, 3]);
            var levelAnchors = anchors.GetOrAdd((level.InputWidth, level.InputHeight), static (size, grids) =>
                [.. grids.Select(g => BlazeFaceDecoder.Anchors(size.Width, size.Height, g.Stride, g.PerCell))], grids);
            var faces = new List<DetectedFace>();
            for (var g = 0; g < grids.Length; g++)
            {
                BlazeFaceDecoder.Decode(
                    outputs[grids[g].ScoreOutput].GetTensorDataAsSpan<float>(),
                    outputs[grids[g].RegressorOutput].GetTensorDataAsSpan<float>(),
                    levelAnchors[g],
                    options.MinConfidence,
                    faces);
            }

            foreach (var face in faces)
            {
                // Faces centred in the black padding right of or below the photo are not in the photo.
                if (face.Box.CenterX < level.Width && face.Box.CenterY < level.Height)
                {
                    into.Add(ToImage(face, 1f / level.ScaleX, 1f / level.ScaleY));
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private static DetectedFace ToImage(DetectedFace face, float sx, float sy) => new(
        new PixelBox(face.Box.Left * sx, face.Box.Top * sy, face.Box.Width * sx, face.Box.Height * sy),
        face.Score,
        [.. face.Keypoints.Select(p => (p.X * sx, p.Y * sy))]);

    public void Dispose() => session.Dispose();

    /// <summary>
    /// The score and regressor outputs of one anchor grid, found by their [1, anchors, 1 | 16] shapes as the
    /// fixed-size graph declares them for its trained input size.
    /// </summary>
    private sealed record GridOutputs(int Stride, int PerCell, int ScoreOutput, int RegressorOutput)
    {
        public static GridOutputs[] Find(ModelProto model)
        {
            var inputSize = (int)model.Graph.Input.Single().Type.TensorType.Shape.Dim[1].DimValue;
            var shapes = model.Graph.Output.Select(o => o.Type.TensorType.Shape?.Dim.Select(d => d.DimValue).ToArray() ?? []).ToArray();
            return
            [
                .. BlazeFaceDecoder.Grids(inputSize).Select(g =>
                {
                    var count = BlazeFaceDecoder.Anchors(inputSize, g.Stride, g.PerCell).Length;
                    int Output(int last)
                    {
                        var index = Array.FindIndex(shapes, s => s.Length == 3 && s[1] == count && s[2] == last);
                        return index >= 0 ? index : throw new InvalidOperationException($"The detector has no [1, {count}, {last}] output.");
                    }

                    return new GridOutputs(g.Stride, g.PerCell, Output(1), Output(BlazeFaceDecoder.RegressorsPerAnchor));
                }),
            ];
        }
    }
}
