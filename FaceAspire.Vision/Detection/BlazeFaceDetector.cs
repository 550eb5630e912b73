using System.Buffers;
using System.Collections.Concurrent;
using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Runtime;

namespace FaceAspire.Vision.Detection;

/// <summary>
/// MediaPipe BlazeFace (back-camera variant, 256x256 RGB input scaled to [-1, 1]) run over the windows of
/// <see cref="DetectionWindows"/>, with the per-window results merged by <see cref="NonMaxSuppression"/>.
/// </summary>
public sealed class BlazeFaceDetector : IFaceDetector, IDisposable
{
    /// <summary>Model name for <see cref="Models.IOnnxModelProvider"/>.</summary>
    public const string ModelName = "blazeface-back";

    private const float EdgeMarginShare = 0.01f;

    private readonly OnnxModelSession session;
    private readonly FaceDetectorOptions options;
    private readonly int inputSize;
    private readonly OutputGrid[] grids;

    public BlazeFaceDetector(string onnxPath, FaceDetectorOptions options, OnnxRuntimeOptions runtime)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        session = new OnnxModelSession(onnxPath, runtime);
        inputSize = session.InputShape[1] > 0 ? session.InputShape[1] : 256;
        grids = [.. BlazeFaceDecoder.Grids(inputSize).Select(g => OutputGrid.Find(session, BlazeFaceDecoder.Anchors(inputSize, g.Stride, g.PerCell)))];
    }

    public IReadOnlyList<DetectedFace> Detect(RgbImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var windows = DetectionWindows.Plan(image.Width, image.Height, options);
        var found = new ConcurrentBag<DetectedFace>();
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.ForEach(windows, parallel, window =>
        {
            foreach (var face in DetectInWindow(image, window))
            {
                found.Add(face);
            }
        });

        var merged = NonMaxSuppression.Apply(found, options.NmsIouThreshold, options.NmsContainmentThreshold);
        return [.. merged.OrderByDescending(f => f.Box.Area).Take(options.MaxFaces).OrderByDescending(f => f.Score)];
    }

    private List<DetectedFace> DetectInWindow(RgbImage image, DetectionWindow window)
    {
        var length = inputSize * inputSize * 3;
        var buffer = ArrayPool<float>.Shared.Rent(length);
        try
        {
            var region = window.Region;
            var toImage = AffineTransform.Rectangle(region.Left, region.Top, region.Width, region.Height, inputSize, inputSize);
            ImageSampler.SampleRgb(image, toImage, inputSize, inputSize, buffer, 1f / 127.5f, -1f);
            using var outputs = session.Run(buffer.AsMemory(0, length), [1, inputSize, inputSize, 3]);
            var faces = new List<DetectedFace>();
            foreach (var grid in grids)
            {
                BlazeFaceDecoder.Decode(
                    outputs[grid.ScoreOutput].GetTensorDataAsSpan<float>(),
                    outputs[grid.RegressorOutput].GetTensorDataAsSpan<float>(),
                    grid.Anchors,
                    options.MinConfidence,
                    faces);
            }

            var scale = region.Width / inputSize;
            var result = new List<DetectedFace>(faces.Count);
            foreach (var face in faces)
            {
                var mapped = ToImage(face, region.Left, region.Top, scale);
                if (!IsCutByInnerEdge(mapped.Box, window))
                {
                    result.Add(mapped);
                }
            }

            return result;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private static DetectedFace ToImage(DetectedFace face, float left, float top, float scale) => new(
        new PixelBox(left + (face.Box.Left * scale), top + (face.Box.Top * scale), face.Box.Width * scale, face.Box.Height * scale),
        face.Score,
        [.. face.Keypoints.Select(p => (left + (p.X * scale), top + (p.Y * scale)))]);

    internal static bool IsCutByInnerEdge(PixelBox box, DetectionWindow window)
    {
        var region = window.Region;
        var margin = region.Width * EdgeMarginShare;
        var edges = window.InnerEdges;
        return (edges.HasFlag(InnerEdges.Left) && box.Left < region.Left + margin)
            || (edges.HasFlag(InnerEdges.Top) && box.Top < region.Top + margin)
            || (edges.HasFlag(InnerEdges.Right) && box.Right > region.Right - margin)
            || (edges.HasFlag(InnerEdges.Bottom) && box.Bottom > region.Bottom - margin);
    }

    public void Dispose() => session.Dispose();

    /// <summary>The score and regressor outputs of one anchor grid, found by their [1, anchors, 1 | 16] shapes.</summary>
    private sealed record OutputGrid((float X, float Y)[] Anchors, int ScoreOutput, int RegressorOutput)
    {
        public static OutputGrid Find(OnnxModelSession session, (float X, float Y)[] anchors)
        {
            int Output(int last)
            {
                for (var i = 0; i < session.OutputShapes.Count; i++)
                {
                    var shape = session.OutputShapes[i];
                    if (shape.Count == 3 && shape[1] == anchors.Length && shape[2] == last)
                    {
                        return i;
                    }
                }

                throw new InvalidOperationException($"The detector has no [1, {anchors.Length}, {last}] output.");
            }

            return new OutputGrid(anchors, Output(1), Output(BlazeFaceDecoder.RegressorsPerAnchor));
        }
    }
}
