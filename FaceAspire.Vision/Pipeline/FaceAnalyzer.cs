using System.Collections.Concurrent;
using System.Diagnostics;
using FaceAspire.Vision.Attributes;
using FaceAspire.Vision.Detection;
using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Landmarks;
using FaceAspire.Vision.Models;
using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Vision.Pipeline;

/// <summary>
/// The face pipeline: decode, detect, mesh (and, for faces that fill the frame, a second look on a padded canvas),
/// then per face the requested attributes, returned as Rekognition FaceDetails with geometry relative to the photo. One instance owns one session per model (attribute models load on first use) and is safe
/// to share across threads and requests; dispose it once at shutdown.
/// </summary>
public sealed class FaceAnalyzer : IDisposable
{
    /// <summary>Bumped whenever the pipeline's results change for the same models (decoding, merging, mapping).</summary>
    public const string PipelineVersion = "11";

    /// <summary>Share of the photo's width or height a face spans from which the photo is also looked at padded.</summary>
    public const float FrameFillingShare = 0.5f;

    private readonly FaceAnalyzerOptions options;
    private readonly BlazeFaceDetector detector;
    private readonly FaceMeshLandmarker landmarker;
    private readonly Lazy<IEmotionClassifier> emotions;
    private readonly Lazy<FaceResDescriber> describer;
    private readonly Lazy<AlignedFaceEmbedder> embedder;

    public FaceAnalyzer(IOnnxModelProvider models, FaceAnalyzerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        this.options = options ?? new FaceAnalyzerOptions();
        var runtime = this.options.Runtime;
        detector = new BlazeFaceDetector(
            models.GetOnnxPath(BlazeFaceDetector.ModelName), this.options.Detector, runtime with { IntraOpThreads = runtime.DetectorIntraOpThreads });
        landmarker = new FaceMeshLandmarker(models.GetOnnxPath(FaceMeshLandmarker.ModelName), runtime, this.options.MeshPasses);
        emotions = new(() => this.options.EmotionModel switch
        {
            EmotionModel.Human => new EmotionClassifier(models.GetOnnxPath(EmotionClassifier.ModelName), runtime),
            EmotionModel.Combined => new CombinedEmotionClassifier(
                new EmotionNetworkClassifier(runtime), new EmotionClassifier(models.GetOnnxPath(EmotionClassifier.ModelName), runtime)),
            _ => new EmotionNetworkClassifier(runtime),
        });
        describer = new(() => new FaceResDescriber(models.GetOnnxPath(FaceResDescriber.ModelName), runtime));
        embedder = new(() => new AlignedFaceEmbedder(models.GetOnnxPath(AlignedFaceEmbedder.ModelName), runtime));
    }

    /// <summary>
    /// Loads every model now rather than at first use (the detector and the mesh load with the analyzer; the emotion,
    /// FaceRes and identity models when a face first needs them), so that the first photo does not wait for them.
    /// </summary>
    public void LoadModels()
    {
        _ = emotions.Value;
        _ = describer.Value;
        _ = embedder.Value;
    }

    /// <summary>Whether every model is loaded (<see cref="LoadModels"/>, or every kind of work done once).</summary>
    public bool ModelsLoaded => emotions.IsValueCreated && describer.IsValueCreated && embedder.IsValueCreated;

    /// <summary>
    /// Identifies what produced a result, for storing one result per photo and engine version: the pipeline version
    /// plus the importer's output version (which, with the npm package version, fixes what the models compute). Stable across processes.
    /// </summary>
    public static string EngineVersion { get; } = $"faceaspire-vision-{PipelineVersion}+importer-{ModelImport.TfjsOnnxImporter.OutputVersion}";

    /// <summary>
    /// Decodes <paramref name="encodedImage"/> (JPEG, PNG, WebP) and analyses every face in it; <paramref name="timings"/>,
    /// when given, receives the time spent in each stage (benchmarks).
    /// </summary>
    /// <exception cref="ImageDecodeException">The bytes are not a usable image.</exception>
    public IReadOnlyList<AnalyzedFace> Analyze(
        ReadOnlySpan<byte> encodedImage, FaceAttributeSet attributes, bool includeEmbeddings = false, CancellationToken cancellationToken = default,
        StageTimings? timings = null)
    {
        var started = Stopwatch.GetTimestamp();
        var image = ImageDecoder.Decode(encodedImage, options.MaxImagePixels);
        timings?.AddSince(StageTimings.Decode, started);
        return Analyze(image, attributes, includeEmbeddings, cancellationToken, timings);
    }

    /// <summary>
    /// Analyses every face in an already decoded image, largest face first; <paramref name="timings"/>, when given,
    /// receives the time spent in each stage (benchmarks).
    /// </summary>
    public IReadOnlyList<AnalyzedFace> Analyze(
        RgbImage image, FaceAttributeSet attributes, bool includeEmbeddings = false, CancellationToken cancellationToken = default,
        StageTimings? timings = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var started = Stopwatch.GetTimestamp();
        var detections = detector.Detect(image, cancellationToken);
        timings?.AddSince(StageTimings.Detect, started);
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        var located = Locate(image, detections, null, parallel, timings);
        if (options.PaddedPassBelowScore > 0f
            && (located.TrueForAll(f => f.Face.Score < options.PaddedPassBelowScore) || located.Exists(f => FillsFrame(f.InPhoto, image))))
        {
            // Nothing found, only weak faces, or a face filling much of the frame: the photo may be a tight crop of one
            // face (a profile picture, a passport photo), which the detector rarely accepts without context around it
            // and often finds only in fragments (an eye and a cheek, half a face). Look again with a border.
            started = Stopwatch.GetTimestamp();
            var canvas = PaddedCanvas.Around(image);
            var padded = detector.DetectWholeImageLevel(canvas.Image, cancellationToken);
            timings?.AddSince(StageTimings.Detect, started);
            located.AddRange(Locate(canvas.Image, padded, canvas, parallel, timings).Where(f => CentredInPhoto(f.InPhoto, image)));
        }

        var distinct = DistinctFaces(located);
        var results = new AnalyzedFace[distinct.Count];
        Parallel.For(0, distinct.Count, parallel, i => results[i] = Describe(image, distinct[i], attributes, includeEmbeddings, timings));
        return [.. results.OrderByDescending(r => r.RelativeArea)];
    }

    /// <summary>Meshes each detection on <paramref name="source"/> (the photo, or <paramref name="canvas"/>'s image) and keeps the faces the mesh confirms.</summary>
    private List<LocatedFace> Locate(
        RgbImage source, IReadOnlyList<DetectedFace> detections, PaddedCanvas? canvas, ParallelOptions parallel, StageTimings? timings)
    {
        var meshes = new ConcurrentBag<LocatedFace>();
        Parallel.ForEach(detections, parallel, face =>
        {
            var meshStarted = Stopwatch.GetTimestamp();
            var mesh = landmarker.Locate(source, face);
            if (mesh.Confidence < options.MinMeshConfidence && face.Alternative is { } alternative)
            {
                mesh = landmarker.Locate(source, alternative);
            }

            timings?.AddSince(StageTimings.Mesh, meshStarted);
            if (mesh.Confidence >= options.MinMeshConfidence)
            {
                meshes.Add(new LocatedFace(face, source, mesh, canvas is null ? mesh : canvas.ToPhoto(mesh)));
            }
        });
        return [.. meshes];
    }

    /// <summary>
    /// Whether a face spans at least <see cref="FrameFillingShare"/> of the photo's width or height: a close-up, where
    /// the whole-photo detector level shows the face larger than the faces it was trained on.
    /// </summary>
    private static bool FillsFrame(FaceMesh mesh, RgbImage photo)
    {
        var box = MeshBounds(mesh);
        return box.Width >= FrameFillingShare * photo.Width || box.Height >= FrameFillingShare * photo.Height;
    }

    private static bool CentredInPhoto(FaceMesh mesh, RgbImage photo)
    {
        var box = MeshBounds(mesh);
        return box.CenterX >= 0 && box.CenterX < photo.Width && box.CenterY >= 0 && box.CenterY < photo.Height;
    }

    /// <summary>
    /// Two detections (say, from overlapping tiles, or from the photo and its padded canvas) can converge on one face
    /// once meshed; keep the stronger. A mesh lying mostly inside another counts as the same face too: on faces ~20 px
    /// high, a loose detection yields a larger mesh around the same face whose IoU with the tight one stays below one half.
    /// A face found on the padded canvas wins over what the photo alone gave at the same place: it was seen whole, where
    /// the photo's detections of a frame-filling face are fragments of it.
    /// </summary>
    private static List<LocatedFace> DistinctFaces(IEnumerable<LocatedFace> faces)
    {
        var kept = new List<(LocatedFace Face, PixelBox Box)>();
        foreach (var face in faces.OrderByDescending(m => m.OnCanvas).ThenByDescending(m => m.Face.Score))
        {
            var box = MeshBounds(face.InPhoto);
            if (!kept.Exists(k => k.Box.IntersectionOverUnion(box) > 0.5f || k.Box.IntersectionOverMinimum(box) > 0.7f))
            {
                kept.Add((face, box));
            }
        }

        return [.. kept.Select(k => k.Face)];
    }

    /// <summary>
    /// Describes one face: geometry relative to the photo (box and landmarks clamped to it), pixels read from the image
    /// the face was meshed on (the photo, or its padded canvas, whose border the crops of a frame-filling face reach into).
    /// </summary>
    private AnalyzedFace Describe(RgbImage photo, LocatedFace located, FaceAttributeSet attributes, bool includeEmbeddings, StageTimings? timings)
    {
        var started = Stopwatch.GetTimestamp();
        var (face, image, mesh) = (located.Face, located.Source, located.Mesh);
        var box = MeshBounds(located.InPhoto).ClampedTo(photo.Width, photo.Height);
        var detail = new FaceDetail
        {
            BoundingBox = new BoundingBox(box.Width / photo.Width, box.Height / photo.Height, box.Left / photo.Width, box.Top / photo.Height),
            Confidence = face.Score * 100f,
            Landmarks = RekognitionLandmarks.From(located.InPhoto, photo.Width, photo.Height),
            Pose = HeadPose.Estimate(located.InPhoto),
            Quality = FaceQuality.Measure(image, mesh),
        };
        timings?.AddSince(StageTimings.Geometry, started);

        float[]? features = null;
        if (attributes == FaceAttributeSet.All)
        {
            started = Stopwatch.GetTimestamp();
            var description = describer.Value.Describe(image, mesh);
            timings?.AddSince(StageTimings.FaceRes, started);
            started = Stopwatch.GetTimestamp();
            var emotionScores = emotions.Value.Classify(image, mesh);
            timings?.AddSince(StageTimings.Emotion, started);
            started = Stopwatch.GetTimestamp();
            var expression = ExpressionFeatures.From(mesh);
            detail = ExpressionAttributes.Apply(detail, expression, options.Expressions) with
            {
                Emotions = emotionScores,
                AgeRange = new AgeRange(description.AgeLow, description.AgeHigh),
                Gender = GenderOf(description.MaleProbability),
            };
            if (options.AttributeHeads.Attributes.Count > 0 || options.KeepAttributeFeatures)
            {
                features = AttributeFeatures.Build(image, mesh, description, expression);
                detail = options.AttributeHeads.Apply(detail, features);
            }

            timings?.AddSince(StageTimings.Heads, started);
        }

        float[]? embedding = null;
        if (includeEmbeddings)
        {
            started = Stopwatch.GetTimestamp();
            embedding = embedder.Value.Embed(image, mesh);
            timings?.AddSince(StageTimings.Embedding, started);
        }

        float[]? emotionCrop = null;
        if (options.KeepEmotionCrops)
        {
            emotionCrop = new float[EmotionCrop.TrainingSize * EmotionCrop.TrainingSize];
            EmotionCrop.Sample(image, mesh, EmotionCrop.TrainingBorder, false, emotionCrop);
        }

        return new AnalyzedFace(detail, embedding)
        {
            EmotionCrop = emotionCrop,
            AttributeFeatures = options.KeepAttributeFeatures ? features : null,
            Mesh = options.KeepAttributeFeatures ? located.InPhoto : null,
        };
    }

    /// <summary>A face the mesh confirmed: its detection and mesh on <paramref name="Source"/>, and the mesh in photo pixels.</summary>
    private sealed record LocatedFace(DetectedFace Face, RgbImage Source, FaceMesh Mesh, FaceMesh InPhoto)
    {
        /// <summary>Whether the face was found on the padded canvas rather than in the photo itself.</summary>
        public bool OnCanvas => !ReferenceEquals(Mesh, InPhoto);
    }

    private static GenderAttribute GenderOf(float maleProbability) => maleProbability >= 0.5f
        ? new GenderAttribute(GenderValues.Male, maleProbability * 100f)
        : new GenderAttribute(GenderValues.Female, (1f - maleProbability) * 100f);

    internal static PixelBox MeshBounds(FaceMesh mesh)
    {
        float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
        foreach (var p in mesh.Points)
        {
            minX = Math.Min(minX, p.X);
            minY = Math.Min(minY, p.Y);
            maxX = Math.Max(maxX, p.X);
            maxY = Math.Max(maxY, p.Y);
        }

        return PixelBox.FromCorners(minX, minY, maxX, maxY);
    }

    public void Dispose()
    {
        detector.Dispose();
        landmarker.Dispose();
        if (emotions.IsValueCreated && emotions.Value is IDisposable emotionModel)
        {
            emotionModel.Dispose();
        }

        if (describer.IsValueCreated)
        {
            describer.Value.Dispose();
        }

        if (embedder.IsValueCreated)
        {
            embedder.Value.Dispose();
        }
    }
}
