namespace FaceAspire.Vision.Runtime;

/// <summary>CPU execution settings shared by every model session of one analyzer.</summary>
public sealed record OnnxRuntimeOptions
{
    /// <summary>
    /// Threads one model call may use. Default 1: the analyzer runs faces and images concurrently, and
    /// one thread per call avoids oversubscribing small machines; 0 lets ONNX Runtime use every core.
    /// </summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Whether ONNX Runtime keeps a memory arena between calls (default true: fewer allocations per image).</summary>
    public bool EnableMemoryArena { get; init; } = true;
}
