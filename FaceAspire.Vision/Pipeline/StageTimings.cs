using System.Collections.Concurrent;
using System.Diagnostics;

namespace FaceAspire.Vision.Pipeline;

/// <summary>
/// Time spent in each stage of one or more <see cref="FaceAnalyzer.Analyze(ReadOnlySpan{byte}, FaceAttributeSet, bool, CancellationToken, StageTimings?)"/>
/// calls, summed over faces (per-face stages may run in parallel, so their sum can exceed the wall time). For
/// benchmarks: pass an instance to see where a call's time goes. Each recorded stage is also a span
/// (<c>engine {stage}</c>) on the activity source <see cref="ActivitySourceName"/>, under the caller's current
/// activity, whenever a tracer listens (the API's OpenTelemetry does). Thread-safe.
/// </summary>
public sealed class StageTimings
{
    /// <summary>JPEG/PNG/WebP decoding and orientation.</summary>
    public const string Decode = "decode";

    /// <summary>The detector's scale pyramid.</summary>
    public const string Detect = "detect";

    /// <summary>FaceMesh on every detection (both passes, and the runner-up when a crop is rejected).</summary>
    public const string Mesh = "mesh";

    /// <summary>Box, landmarks, pose and quality of each kept face.</summary>
    public const string Geometry = "geometry";

    /// <summary>FaceRes per face: age, gender and the attribute heads' inner activations.</summary>
    public const string FaceRes = "faceres";

    /// <summary>The emotion model per face.</summary>
    public const string Emotion = "emotion";

    /// <summary>Mesh expression measures, the attribute-head features and the heads themselves.</summary>
    public const string Heads = "heads";

    /// <summary>The identity embedder per face, when embeddings are asked for.</summary>
    public const string Embedding = "embedding";

    /// <summary>Every stage in pipeline order.</summary>
    public static IReadOnlyList<string> Stages { get; } = [Decode, Detect, Mesh, Geometry, FaceRes, Emotion, Heads, Embedding];

    private readonly ConcurrentDictionary<string, long> _ticks = new(StringComparer.Ordinal);

    /// <summary>Total time recorded for <paramref name="stage"/> (zero when it did not run).</summary>
    public TimeSpan this[string stage] => TimeSpan.FromTicks(_ticks.GetValueOrDefault(stage));

    /// <summary>Name of the activity source of the engine's stage spans.</summary>
    public const string ActivitySourceName = "FaceAspire.Vision";

    private static readonly ActivitySource Source = new(ActivitySourceName);

    /// <summary>Adds the time since <paramref name="startedTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/>) to a stage.</summary>
    public void AddSince(string stage, long startedTimestamp)
    {
        var elapsed = Stopwatch.GetElapsedTime(startedTimestamp);
        _ticks.AddOrUpdate(stage, elapsed.Ticks, (_, sum) => sum + elapsed.Ticks);
        if (Source.HasListeners())
        {
            var ended = DateTimeOffset.UtcNow;
            using var span = Source.StartActivity($"engine {stage}", ActivityKind.Internal, parentContext: default, startTime: ended - elapsed);
            span?.SetEndTime(ended.UtcDateTime);
        }
    }
}
