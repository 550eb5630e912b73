namespace FaceAspire.Vision.Runtime;

/// <summary>CPU execution settings shared by every model session of one analyzer.</summary>
public sealed record OnnxRuntimeOptions
{
    /// <summary>
    /// Threads one model call may use. Default 1: the analyzer runs faces and images concurrently, and
    /// one thread per call avoids oversubscribing small machines; 0 lets ONNX Runtime use every core.
    /// </summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>
    /// Threads the face detector's calls may use. Default: the processor count. The detector makes one large call
    /// per pyramid level over the whole photo, which per-face parallelism cannot split, so it is the one call
    /// worth spreading over cores; its idle threads wait without spinning, so concurrent photos do not starve.
    /// </summary>
    public int DetectorIntraOpThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>Whether ONNX Runtime keeps a memory arena between calls (default true: fewer allocations per image).</summary>
    public bool EnableMemoryArena { get; init; } = true;
}
