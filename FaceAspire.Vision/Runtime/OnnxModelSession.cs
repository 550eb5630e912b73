using Microsoft.ML.OnnxRuntime;

namespace FaceAspire.Vision.Runtime;

/// <summary>
/// One ONNX model loaded once and shared by all callers (ONNX Runtime sessions are safe to run concurrently).
/// Input and output names and shapes are read once; outputs are found by their trailing dimension, because
/// names depend on the graph converter while sizes (1404 mesh values, 1024 descriptor values) do not.
/// </summary>
public sealed class OnnxModelSession : IDisposable
{
    private readonly InferenceSession session;
    private readonly string[] inputNames;
    private readonly string[] outputNames;

    public OnnxModelSession(string onnxPath, OnnxRuntimeOptions options)
        : this(options, o => new InferenceSession(onnxPath, o), onnxPath)
    {
    }

    /// <summary>Loads a model from its serialised bytes (a graph rewritten in memory, say); <paramref name="name"/> is for messages.</summary>
    public OnnxModelSession(byte[] onnxModel, OnnxRuntimeOptions options, string name)
        : this(options, o => new InferenceSession(onnxModel, o), name)
    {
    }

    private OnnxModelSession(OnnxRuntimeOptions options, Func<SessionOptions, InferenceSession> load, string onnxPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            EnableCpuMemArena = options.EnableMemoryArena,

            // A memory pattern is planned and kept per input shape; the detector sees a new shape with every photo size,
            // and the planned blocks stay in the arena. Off, each call costs 1-2 % more (docs/PERFORMANCE.md).
            EnableMemoryPattern = false,
        };
        if (options.IntraOpThreads != 1)
        {
            // Waiting threads sleep instead of spinning: other sessions and concurrent images need the cores.
            sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        }

        session = load(sessionOptions);
        inputNames = [.. session.InputMetadata.Keys];
        outputNames = [.. session.OutputMetadata.Keys];
        if (inputNames.Length != 1)
        {
            throw new InvalidOperationException($"Model '{onnxPath}' has {inputNames.Length} inputs; the engine expects one image input.");
        }

        InputShape = session.InputMetadata[inputNames[0]].Dimensions;
        OutputShapes = [.. outputNames.Select(n => (IReadOnlyList<int>)session.OutputMetadata[n].Dimensions)];
        OutputLastDimensions = [.. OutputShapes.Select(s => s.Count == 0 ? 0 : s[^1])];
    }

    /// <summary>Declared shape of each output, in output order.</summary>
    public IReadOnlyList<IReadOnlyList<int>> OutputShapes { get; }

    /// <summary>Declared input shape (NHWC for the face models; -1 for a free batch size).</summary>
    public IReadOnlyList<int> InputShape { get; }

    /// <summary>Trailing dimension of each output, in output order.</summary>
    public IReadOnlyList<int> OutputLastDimensions { get; }

    /// <summary>Index of the first output whose trailing dimension is <paramref name="lastDimension"/>.</summary>
    public int OutputWithLastDimension(int lastDimension)
    {
        for (var i = 0; i < OutputLastDimensions.Count; i++)
        {
            if (OutputLastDimensions[i] == lastDimension)
            {
                return i;
            }
        }

        throw new InvalidOperationException(
            $"No model output ends in dimension {lastDimension} (outputs end in {string.Join(", ", OutputLastDimensions)}).");
    }

    /// <summary>Runs the model on <paramref name="input"/> (NHWC floats) and returns every output; the caller disposes them.</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(Memory<float> input, long[] shape)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input, shape);
        using var runOptions = new RunOptions();
        return session.Run(runOptions, inputNames, [value], outputNames);
    }

    public void Dispose() => session.Dispose();
}
